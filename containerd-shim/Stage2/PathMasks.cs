using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>After the pivot: linux.maskedPaths, linux.readonlyPaths and root.readonly. Paths are opened
/// inside the new root by the kernel (<see cref="RootDirectory"/>), so an image's symlink cannot turn a
/// mask into a mount elsewhere; paths missing from the image are skipped, as runc does.</summary>
internal static unsafe class PathMasks
{
    public static void MaskPaths(Stage2Context context)
    {
        using var root = RootDirectory.Open("/");
        foreach (var path in context.Setup.MaskedPaths)
        {
            var fd = root.OpenExisting(path);
            if (fd < 0) continue;
            Stat.stat_t st;
            var isDir = Stat.fstat(fd, &st) == 0 && (st.st_mode & Stat.S_IFMT) == Stat.S_IFDIR;
            var target = root.Target(fd, path);
            var rc = isDir ? mount("tmpfs", target, "tmpfs", MS_RDONLY, null) : mount("/dev/null", target, null, MS_BIND, null);
            var error = rc < 0 ? SysError.Last($"mask {path}") : null;
            Fcntl.close(fd);
            if (error is not null) throw new SysException(error);
        }
    }

    public static void ReadonlyPaths(Stage2Context context)
    {
        using var root = RootDirectory.Open("/");
        foreach (var path in context.Setup.ReadonlyPaths)
        {
            var fd = root.OpenExisting(path);
            if (fd < 0) continue;
            var target = root.Target(fd, path);
            var rc = mount(target, target, null, MS_BIND | MS_REC, null);
            var error = rc < 0 ? SysError.Last($"bind {path}") : null;
            Fcntl.close(fd);
            if (error is not null) throw new SysException(error);
            MountEntries.OnMount(root, path, MS_BIND | MS_REMOUNT | MS_RDONLY, $"remount {path} read-only");
        }
    }

    public static void ReadonlyRoot(Stage2Context context)
    {
        if (!context.Setup.ReadonlyRoot) return;
        if (mount(null, "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null) < 0)
            throw new SysException(SysError.Last("remount / read-only"));
    }
}
