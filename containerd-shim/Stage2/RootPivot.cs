using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>pivot_root into the new root and detaches the old one, so no host mount stays reachable.
/// pivot_root(".", ".") stacks the old root on top of the new; fchdir to it lets umount2(".") take it
/// off. On an initramfs root pivot_root is refused (EINVAL): then move the root and chroot instead.
/// A container that shares the runtime's mount namespace gets chroot only: pivot_root would change the
/// root of every process of that namespace, and unmounting the old root would unmount the host's.</summary>
internal static class RootPivot
{
    public static void Run(Stage2Context context)
    {
        if (!context.OwnMountNamespace)
        {
            EnterRoot(context.NewRoot);
            return;
        }
        Pivot(context.NewRoot);
        ApplyPropagation(context);
    }

    /// <summary><c>exec</c> into a container without a mount namespace of its own: the same chroot into
    /// its root (saved root.path, absolute), since there is no namespace to join that would provide it.</summary>
    public static void EnterSharedRoot(Stage2Context context)
    {
        if (!context.OwnMountNamespace) EnterRoot(context.NewRoot);
    }

    private static void Pivot(string root)
    {
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

    /// <summary>linux.rootfsPropagation on the container's own root, now that it is one: the tree is
    /// already rslave (or rprivate) from <see cref="RootfsMount"/>, so shared here makes the container's
    /// mounts peers of each other (a bind of / sees later mounts), never of the host's.</summary>
    private static void ApplyPropagation(Stage2Context context)
    {
        if (context.Setup.RootfsPropagationName is not { } name) return;
        if (mount(null, "/", null, context.Setup.RootfsPropagation, null) < 0)
            throw new SysException(SysError.Last($"make / {name}"));
    }

    private static void MoveRoot(string root)
    {
        if (mount(root, "/", null, MS_MOVE, null) < 0) throw new SysException(SysError.Last($"move {root} to /"));
        EnterRoot(".");
    }

    private static void EnterRoot(string root)
    {
        if (chroot(root) < 0) throw new SysException(SysError.Last($"chroot {root}"));
        if (Unistd.chdir("/") < 0) throw new SysException(SysError.Last("chdir /"));
    }
}
