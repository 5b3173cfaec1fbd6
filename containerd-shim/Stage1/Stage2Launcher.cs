using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Protocol;

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
    /// <summary>
    /// Spawns stage 2, makes the container's cgroup (<paramref name="makeCgroup"/>, null for an exec),
    /// moves stage 2 into it and sends it the container's setup over <paramref name="ours"/> (protocol:
    /// Protocol/SetupStep.cs). The cgroup work comes after the spawn so that it overlaps stage 2's own
    /// start (its exec and runtime start take about 2 ms, the 11 hierarchies of a v1 host as long; the
    /// first cgroup.procs write of a migration may also wait for an RCU grace period: once 11.7 ms here
    /// under perf trace, usually 30 us). Stage 2 blocks on the setup before anything else, so it is in its
    /// cgroups by then; until the move its start is counted in ours. A C child for a user namespace is
    /// moved by its parent before its exec (UserNamespaceLauncher), so there the cgroup is made first.
    /// The error is whole (<c>cgroup: ...</c> or <c>start stage 2: ...</c>); on failure stage 2 is gone.
    /// </summary>
    public static int Start(ContainerConfig config, SetupBuilder.Launch launch, int theirs, int ours, Func<SysError?>? makeCgroup, out SysError? error)
    {
        byte[] message;
        try
        {
            message = SetupCodec.Encode(SetupBuilder.From(config, launch));
        }
        catch (SysException e)
        {
            error = e.Error.Wrap("cgroup");
            return -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new SysError("read the host's cgroup mounts", ExceptionErrno.Of(e), "cgroup");
            return -1;
        }
        var userNamespace = config.Namespaces.Has(Sched.CLONE_NEWUSER);
        if (userNamespace && makeCgroup?.Invoke() is { } early)
        {
            error = early.Wrap("cgroup");
            return -1;
        }
        var pid = -1;
        SysError? failure = null;
        var thread = new Thread(() => pid = StartOnThisThread(launch.Id, config, theirs, launch, out failure))
        {
            Name = "stage2-launcher",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        error = failure?.Wrap("start stage 2");
        if (pid < 0) return -1;
        if (!userNamespace)
        {
            error = makeCgroup?.Invoke()?.Wrap("cgroup");
            error ??= CgroupJoin.Move(config, launch.Id, launch.ExecTargetPid, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Wrap("cgroup");
        }
        error ??= SetupTransport.Send(ours, message)?.Wrap("start stage 2");
        if (error is null) return pid;
        Signal.kill(pid, Signal.SIGKILL);
        Runtime.ProcessWait.Reap(pid, out _);
        return -1;
    }

    private static int StartOnThisThread(string id, ContainerConfig config, int syncFd, SetupBuilder.Launch launch, out SysError? error)
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
        var preserveFds = launch.PreserveFds;
        var request = new SpawnRequest
        {
            Path = "/proc/self/exe",
            // Only where the sync socket is: the rest comes over it (Protocol/SetupCodec).
            Args = ["containerd-shim", "stage2", (3 + preserveFds).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            // The preserved fds keep their numbers; the sync socket goes right above them.
            Fds = [.. OpenStdio(), .. Enumerable.Range(3, preserveFds).Select(fd => (fd, fd)), (syncFd, 3 + preserveFds)],
            // Its own session: a terminal's Ctrl-C reaches the shim only, which forwards it once.
            NewSession = true,
        };
        if (config.Namespaces.Has(Sched.CLONE_NEWUSER))
            return UserNamespaceLauncher.Start(id, config, request, flags, launch.ExecTargetPid, out error);
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
