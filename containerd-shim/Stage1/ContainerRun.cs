using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Protocol;

namespace Shim.Stage1;

/// <summary>
/// <c>containerd-shim run</c>: reads the bundle, starts stage 2 in the new namespaces, learns over the
/// socketpair whether the container's process was exec'ed, stays its parent and exits with its status.
/// </summary>
internal static unsafe class ContainerRun
{
    public static int Run(string id, string bundle, int preserveFds)
    {
        ContainerConfig config;
        try
        {
            config = ContainerConfig.Load(bundle);
        }
        catch (SysException e)
        {
            return Fail(id, e.Error.Wrap("config"), ExitCodes.SetupFailed);
        }
        ContainerCgroup? cgroup;
        try
        {
            cgroup = ContainerCgroup.Create(id, config);
        }
        catch (SysException e)
        {
            return Fail(id, e.Error.Wrap("cgroup"), ExitCodes.SetupFailed);
        }
        if (Socket.Pair(Socket.SOCK_SEQPACKET, out var ours, out var theirs) < 0)
            return Fail(id, SysError.Last("socketpair"), ExitCodes.SetupFailed, cgroup);
        using var forwarder = new SignalForwarder();
        var pid = Stage2Launcher.Start(id, config, theirs, preserveFds, out var spawnError);
        Fcntl.close(theirs);
        if (pid < 0)
        {
            Fcntl.close(ours);
            return Fail(id, spawnError!.Wrap("start stage 2"), ExitCodes.SetupFailed, cgroup);
        }
        forwarder.Target(pid);
        var failure = ReadFailure(ours);
        Fcntl.close(ours);
        if (failure is null) IdleFootprint.ReleaseStartupMemory(pid);
        var status = WaitFor(pid, out var waitError);
        if (config.WritableLayer) RemoveLayerDirectory(id);
        RemoveCgroup(id, cgroup);
        if (failure is not null)
            return Fail(id, failure.ToError(), ExitCodes.ForSetupFailure(failure.Step, failure.Errno));
        if (waitError is not null) return Fail(id, waitError, ExitCodes.SetupFailed);
        return ExitCodes.ForContainerExit(status);
    }

    /// <summary>Blocks until stage 2 execs (end-of-file, no failure) or reports why it could not.</summary>
    private static SetupFailure? ReadFailure(int fd)
    {
        var buffer = stackalloc byte[SetupFailure.MaxSize];
        while (true)
        {
            var n = Fcntl.read(fd, buffer, SetupFailure.MaxSize);
            if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
            if (n <= 0) return null;
            return SetupFailure.Decode(new ReadOnlySpan<byte>(buffer, (int)n))
                ?? new SetupFailure(SetupStep.Internal, default, "stage 2 sent a message that does not parse");
        }
    }

    private static ExitStatus WaitFor(int pid, out SysError? error)
    {
        error = null;
        Wait.siginfo_t info;
        while (Wait.waitid(Wait.P_PID, pid, &info, Wait.WEXITED) < 0)
        {
            if (Errno.Last.Value == Errno.EINTR) continue;
            error = SysError.Last($"waitid {pid}");
            return default;
        }
        return ExitStatus.FromSiginfo(info);
    }

    /// <summary>The layer's tmpfs lived in the container's mount namespace and went with it; on the
    /// host only the empty mount point is left. Not empty (someone else's) or gone: leave it be.</summary>
    private static void RemoveLayerDirectory(string id)
    {
        try
        {
            Directory.Delete($"/run/containers/{id}", recursive: false);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>After the container (or its failed setup): its cgroup goes too (docs/cgroups.md).</summary>
    private static void RemoveCgroup(string id, ContainerCgroup? cgroup)
    {
        if (cgroup?.Remove() is { } error) Stderr.WriteLine($"containerd-shim: {id}: cgroup: {error}");
    }

    private static int Fail(string id, SysError error, int code, ContainerCgroup? cgroup)
    {
        RemoveCgroup(id, cgroup);
        return Fail(id, error, code);
    }

    private static int Fail(string id, SysError error, int code)
    {
        Stderr.WriteLine($"containerd-shim: {id}: {error}");
        return code;
    }
}
