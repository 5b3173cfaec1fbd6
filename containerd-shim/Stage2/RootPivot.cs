using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>pivot_root into the new root and detaches the old one, so no host mount stays reachable.
/// pivot_root(".", ".") stacks the old root on top of the new; fchdir to it lets umount2(".") take it
/// off. On an initramfs root pivot_root is refused (EINVAL): then move the root and chroot instead.</summary>
internal static class RootPivot
{
    public static void Run(Stage2Context context)
    {
        var root = context.NewRoot;
        var oldRoot = Fcntl.open("/", Fcntl.O_DIRECTORY | Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
        if (oldRoot < 0) throw new SysException(SysError.Last("open /"));
        try
        {
            if (Unistd.chdir(root) < 0) throw new SysException(SysError.Last($"chdir {root}"));
            if (pivot_root(".", ".") < 0)
            {
                var error = SysError.Last($"pivot_root {root}");
                if (error.Errno.Value != Errno.EINVAL) throw new SysException(error);
                MoveRoot(root);
                return;
            }
            if (Unistd.fchdir(oldRoot) < 0) throw new SysException(SysError.Last("fchdir old root"));
            // The old root must not propagate our unmount back to the host's tree.
            if (mount(null, ".", null, MS_SLAVE | MS_REC, null) < 0) throw new SysException(SysError.Last("make old root rslave"));
            if (umount2(".", MNT_DETACH) < 0) throw new SysException(SysError.Last("detach old root"));
            if (Unistd.chdir("/") < 0) throw new SysException(SysError.Last("chdir /"));
        }
        finally
        {
            Fcntl.close(oldRoot);
        }
    }

    private static void MoveRoot(string root)
    {
        if (mount(root, "/", null, MS_MOVE, null) < 0) throw new SysException(SysError.Last($"move {root} to /"));
        if (chroot(".") < 0) throw new SysException(SysError.Last($"chroot {root}"));
        if (Unistd.chdir("/") < 0) throw new SysException(SysError.Last("chdir /"));
    }
}
