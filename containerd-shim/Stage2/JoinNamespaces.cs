using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>Joins the namespaces the config names by path. Stage 1 left out pid, which its launcher
/// thread joined (setns on a pid namespace only moves later children), and user, which its C child
/// joined (the kernel refuses that setns to a multi-threaded process).</summary>
internal static class JoinNamespaces
{
    public static void Run(Stage2Context context)
    {
        foreach (var (flag, path) in context.Setup.Joins)
        {
            // setns into a mount namespace fails with EINVAL while the fs struct is shared by threads.
            if (flag == Sched.CLONE_NEWNS && Sched.unshare(Sched.CLONE_FS) < 0)
                throw new SysException(SysError.Last("unshare CLONE_FS"));
            var fd = Fcntl.open(path, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
            if (fd < 0) throw new SysException(SysError.Last($"open {path}"));
            var rc = Sched.setns(fd, flag);
            var error = rc < 0 ? SysError.Last($"setns {path}") : null;
            Fcntl.close(fd);
            if (error is not null) throw new SysException(error);
        }
    }
}
