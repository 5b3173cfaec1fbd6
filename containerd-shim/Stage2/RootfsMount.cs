using Linux;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>Makes the mount tree private to the container, then mounts its root: the bundle's rootfs
/// bound onto itself (pivot_root needs a mount point), or an overlay with a tmpfs upper layer when
/// the config asks for a writable layer, so the bundle's rootfs is never modified.</summary>
internal static class RootfsMount
{
    public static void Run(Stage2Context context)
    {
        if (mount(null, "/", null, context.Config.RootfsPropagation, null) < 0)
            throw new SysException(SysError.Last($"make / {context.Config.Spec.Linux?.RootfsPropagation ?? "rslave"}"));
        if (context.Config.WritableLayer && TryOverlay(context) is { } merged)
        {
            context.NewRoot = merged;
            return;
        }
        var rootfs = context.Config.RootfsPath;
        if (mount(rootfs, rootfs, null, MS_BIND | MS_REC, null) < 0)
            throw new SysException(SysError.Last($"bind {rootfs}"));
    }

    /// <summary>The overlay's mount point, or null (said on stderr) when overlay is not available.</summary>
    private static string? TryOverlay(Stage2Context context)
    {
        var dir = $"/run/containers/{context.Id}";
        Directory.CreateDirectory(dir);
        if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
        {
            Warn(context, SysError.Last($"mount tmpfs on {dir}"));
            return null;
        }
        foreach (var d in new[] { "upper", "work", "merged" }) Directory.CreateDirectory($"{dir}/{d}");
        var data = $"lowerdir={context.Config.RootfsPath},upperdir={dir}/upper,workdir={dir}/work";
        if (mount("overlay", $"{dir}/merged", "overlay", 0, data) < 0)
        {
            Warn(context, SysError.Last($"mount overlay on {dir}/merged"));
            umount2(dir, MNT_DETACH);
            return null;
        }
        return $"{dir}/merged";
    }

    private static void Warn(Stage2Context context, SysError error) =>
        Stderr.WriteLine($"containerd-shim: {context.Id}: writable layer: {error}; using the rootfs directly, writable");
}
