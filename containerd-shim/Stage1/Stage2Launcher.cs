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
    /// Spawns stage 2, sends it the container's setup over <paramref name="ours"/> (protocol:
    /// Protocol/SetupStep.cs), makes the container's cgroup (<paramref name="makeCgroup"/>, null for an
    /// exec), moves stage 2 into it and tells it so (<see cref="SyncPoint.InCgroup"/>). The cgroup work
    /// comes after the spawn and the handoff so that it overlaps stage 2's own start (its exec and runtime
    /// start take about 2 ms) and its mounts (the 11 hierarchies of a v1 host take about as long, and the
    /// first cgroup.procs write of a migration often waits for an RCU grace period: 9-14 ms here, every
    /// time under containerd, one start in two back to back). Stage 2 waits for the word only where the
    /// cgroup shows, at the latest before its credentials (<see cref="Stage2.Stage2Context.AwaitCgroup"/>).
    /// A C child for a user namespace is moved by its parent before its exec (UserNamespaceLauncher), so
    /// there the cgroup is made first and the word follows the handoff at once.
    /// The error is whole (<c>cgroup: ...</c> or <c>start stage 2: ...</c>); on failure stage 2 is gone,
    /// unless it failed first: then the pid comes back and stage 2's own failure is read by the dialogue.
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
        error = SetupTransport.Send(ours, message)?.Wrap("start stage 2");
        if (error is null && !userNamespace)
        {
            error = makeCgroup?.Invoke()?.Wrap("cgroup");
            error ??= CgroupJoin.Move(config, launch.Id, launch.ExecTargetPid, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Wrap("cgroup");
        }
        error ??= SendInCgroup(ours);
        if (error is null) return pid;
        // Stage 2 failed while we worked (its datagram is there; a move then fails with ESRCH, the
        // word with EPIPE): its failure is the one to report, and it reaps as usual.
        if (HasFailure(ours)) { error = null; return pid; }
        Signal.kill(pid, Signal.SIGKILL);
        Runtime.ProcessWait.Reap(pid, out _);
        return -1;
    }

    private static unsafe SysError? SendInCgroup(int fd)
    {
        var word = (byte)SyncPoint.InCgroup;
        while (true)
        {
            var n = Fcntl.write(fd, &word, 1);
            if (n == 1) return null;
            if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
            return SysError.Last("tell stage 2 it is in the container's cgroup").Wrap("start stage 2");
        }
    }

    /// <summary>Whether stage 2 has sent a failure (a datagram of more than one byte) that nobody read yet.</summary>
    private static unsafe bool HasFailure(int fd)
    {
        var buffer = stackalloc byte[SetupFailure.MaxSize];
        var n = Socket.recv(fd, buffer, (nuint)SetupFailure.MaxSize, Socket.MSG_PEEK | Socket.MSG_DONTWAIT);
        // A peer that closed with our word unread reports ECONNRESET once, ahead of its queued failure.
        if (n < 0 && Errno.Last.Value == Errno.ECONNRESET)
            n = Socket.recv(fd, buffer, (nuint)SetupFailure.MaxSize, Socket.MSG_PEEK | Socket.MSG_DONTWAIT);
        return n > 1;
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
