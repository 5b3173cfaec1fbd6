using Linux;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>Cuts the container's mount tree off from the host's, then mounts its root: the bundle's
/// rootfs bound onto itself (pivot_root needs a mount point), or an overlay with a tmpfs upper layer
/// when the config asks for a writable layer, so the bundle's rootfs is never modified.
/// Without a mount namespace of its own (none listed: it shares the runtime's, as the spec says) the
/// runtime's tree is left as it is: no propagation change, and the root is entered with chroot
/// (<see cref="RootPivot"/>); the bind still makes the root a mount point, so root.readonly remounts
/// only that bind, never the filesystem the rootfs lives on.</summary>
internal static class RootfsMount
{
    public static void Run(Stage2Context context)
    {
        if (context.OwnMountNamespace) Isolate(context);
        if (context.Setup.WritableLayer && TryOverlay(context) is { } merged)
        {
            context.NewRoot = merged;
            return;
        }
        var rootfs = context.Setup.Rootfs;
        if (mount(rootfs, rootfs, null, MS_BIND | MS_REC, null) < 0)
            throw new SysException(SysError.Last($"bind {rootfs}"));
    }

    /// <summary>rslave (rprivate when private was asked) for the whole tree before anything is mounted:
    /// our mounts must not reach the host, and pivot_root refuses a shared root or a shared parent of the
    /// new root. linux.rootfsPropagation itself is applied to the new root after the pivot
    /// (<see cref="RootPivot"/>): applied here, shared would make pivot_root fail with EINVAL and
    /// unbindable would make the bind of the rootfs fail. Shared is the exception, as with runc: see
    /// <see cref="StayPeersOfTheHost"/>.</summary>
    private static void Isolate(Stage2Context context)
    {
        if ((context.Setup.RootfsPropagation & MS_SHARED) != 0)
        {
            StayPeersOfTheHost(context);
            return;
        }
        var flags = (context.Setup.RootfsPropagation & MS_PRIVATE) != 0 ? MS_PRIVATE | MS_REC : MS_SLAVE | MS_REC;
        if (mount(null, "/", null, flags, null) < 0)
            throw new SysException(SysError.Last(flags == (MS_PRIVATE | MS_REC) ? "make / rprivate" : "make / rslave"));
    }

    /// <summary>rootfsPropagation shared (LinuxKit's kubelet, docker-in-a-service): the copied tree stays a
    /// peer of the runtime's (init makes "/" rshared), so a bind of a host directory joins the host's peer
    /// group and what the container mounts under an rshared bind is seen by the host and every container
    /// that binds it. Only the mounts our own work lands on go private first, so nothing of ours propagates
    /// and pivot_root finds no shared parent: the one holding the rootfs and, for the writable layer, the
    /// one holding the layer directory (Oci.ImagePaths.LayerDirectory). A tree that is private already (a private host) stays as it is.</summary>
    private static void StayPeersOfTheHost(Stage2Context context)
    {
        var points = new HashSet<string>(StringComparer.Ordinal) { MountPointOf.Find(context.Setup.Rootfs) };
        if (context.Setup.WritableLayer) points.Add(MountPointOf.Find(Oci.ImagePaths.LayerDirectory(context.Id)));
        foreach (var point in points)
        {
            if (mount(null, point, null, MS_PRIVATE, null) < 0)
                throw new SysException(SysError.Last($"make {point} private (the mount holding the container's root)"));
        }
    }

    /// <summary>The overlay's mount point, or null (said on stderr) when overlay is not available.</summary>
    private static string? TryOverlay(Stage2Context context)
    {
        var dir = Oci.ImagePaths.LayerDirectory(context.Id);
        Directory.CreateDirectory(dir);
        if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
        {
            Warn(context, SysError.Last($"mount tmpfs on {dir}"));
            return null;
        }
        foreach (var d in new[] { "upper", "work", "merged" }) Directory.CreateDirectory($"{dir}/{d}");
        var data = $"lowerdir={context.Setup.Rootfs},upperdir={dir}/upper,workdir={dir}/work";
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
