using Linux;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>After the pivot: linux.maskedPaths, linux.readonlyPaths and root.readonly. Paths missing
/// from the image are skipped, as runc does.</summary>
internal static class PathMasks
{
    public static void MaskPaths(Stage2Context context)
    {
        foreach (var path in context.Config.Spec.Linux?.MaskedPaths ?? [])
        {
            var rc = Directory.Exists(path) ? mount("tmpfs", path, "tmpfs", MS_RDONLY, null)
                : File.Exists(path) ? mount("/dev/null", path, null, MS_BIND, null) : 0;
            if (rc < 0) throw new SysException(SysError.Last($"mask {path}"));
        }
    }

    public static void ReadonlyPaths(Stage2Context context)
    {
        foreach (var path in context.Config.Spec.Linux?.ReadonlyPaths ?? [])
        {
            if (!Directory.Exists(path) && !File.Exists(path)) continue;
            if (mount(path, path, null, MS_BIND | MS_REC, null) < 0)
                throw new SysException(SysError.Last($"bind {path}"));
            if (mount(null, path, null, MS_BIND | MS_REMOUNT | MS_RDONLY, null) < 0)
                throw new SysException(SysError.Last($"remount {path} read-only"));
        }
    }

    public static void ReadonlyRoot(Stage2Context context)
    {
        if (context.Config.Spec.Root?.Readonly != true) return;
        if (mount(null, "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null) < 0)
            throw new SysException(SysError.Last("remount / read-only"));
    }
}
