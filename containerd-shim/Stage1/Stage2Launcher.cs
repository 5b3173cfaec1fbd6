using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;

namespace Shim.Stage1;

/// <summary>
/// Starts stage 2 inside the container's new namespaces without forking from C# (docs/facts.md): a
/// dedicated thread unshares them (unshare acts on the calling thread only in a multi-threaded
/// process) and posix_spawns /proc/self/exe from that same thread, so only the child lands in the new
/// pid namespace; the thread then ends and the shim's own namespaces were never touched. A pid
/// namespace given by path is joined here too: setns(CLONE_NEWPID) only moves later children, so
/// stage 2 could not join it for itself. A user namespace cannot be made or joined this way (the
/// kernel wants a single-threaded caller): <see cref="UserNamespaceLauncher"/> clones in C instead.
/// </summary>
internal static class Stage2Launcher
{
    public static int Start(string id, ContainerConfig config, int syncFd, int preserveFds, IReadOnlyList<string> extraArgs, out SysError? error)
    {
        var pid = -1;
        SysError? failure = null;
        var thread = new Thread(() => pid = StartOnThisThread(id, config, syncFd, preserveFds, extraArgs, out failure))
        {
            Name = "stage2-launcher",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        error = failure;
        return pid;
    }

    private static int StartOnThisThread(string id, ContainerConfig config, int syncFd, int preserveFds, IReadOnlyList<string> extraArgs, out SysError? error)
    {
        foreach (var (flag, path) in config.Namespaces.Joins.Where(j => j.Flag == Sched.CLONE_NEWPID))
        {
            var fd = Fcntl.open(path, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
            if (fd < 0) { error = SysError.Last($"open {path}"); return -1; }
            var rc = Sched.setns(fd, flag);
            var setnsError = rc < 0 ? SysError.Last($"setns {path}") : null;
            Fcntl.close(fd);
            if (setnsError is not null) { error = setnsError; return -1; }
        }
        // A cgroup namespace waits for stage 2 to be in the container's cgroup (docs/cgroups.md).
        var flags = config.Namespaces.UnshareFlags & ~(ContainerCgroup.DefersCgroupNamespace(config) ? Sched.CLONE_NEWCGROUP : 0);
        var request = new SpawnRequest
        {
            Path = "/proc/self/exe",
            Args = ["containerd-shim", "stage2", id, config.Bundle, preserveFds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs],
            // The preserved fds keep their numbers; the sync socket goes right above them.
            Fds = [.. OpenStdio(), .. Enumerable.Range(3, preserveFds).Select(fd => (fd, fd)), (syncFd, 3 + preserveFds)],
            // Its own session: a terminal's Ctrl-C reaches the shim only, which forwards it once.
            NewSession = true,
        };
        if (config.Namespaces.Has(Sched.CLONE_NEWUSER))
            return UserNamespaceLauncher.Start(id, config, request, flags, out error);
        if (Sched.unshare(flags) < 0)
        {
            error = SysError.Last($"unshare 0x{flags:x}");
            return -1;
        }
        return ChildSpawner.Start(request, out error);
    }

    /// <summary>The shim's stdio as the container's; a closed one becomes /dev/null in the child.</summary>
    private static IEnumerable<(int, int)> OpenStdio()
    {
        for (var fd = 0; fd <= 2; fd++)
            if (Fcntl.fcntl(fd, Fcntl.F_GETFD, 0) >= 0) yield return (fd, fd);
    }
}
