using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Protocol;
using Shim.Runtime;

namespace Shim.Stage1;

/// <summary>
/// <c>containerd-shim run</c>: reads the bundle, starts stage 2 in the new namespaces, learns over the
/// socketpair whether the container's process was exec'ed, stays its parent and exits with its status.
/// As <c>create</c>'s supervisor it instead ends once the container runs (docs/runtime-cli.md).
/// </summary>
internal static unsafe class ContainerRun
{
    public static int Run(CommandLine command, Func<ContainerConfig, DetachedSession>? detached = null)
    {
        var (id, preserveFds) = (command.Id, command.PreserveFds);
        ContainerConfig config;
        try
        {
            config = ContainerConfig.Load(command.Bundle);
        }
        catch (SysException e)
        {
            return Fail(id, e.Error.Wrap("config"), ExitCodes.SetupFailed);
        }
        if (Socket.Pair(Socket.SOCK_SEQPACKET, out var ours, out var theirs) < 0)
            return Fail(id, SysError.Last("socketpair"), ExitCodes.SetupFailed);
        // Made while stage 2 starts (Stage2Launcher.Start).
        ContainerCgroup? cgroup = null;
        SysError? MakeCgroup()
        {
            try
            {
                cgroup = ContainerCgroup.Create(id, config);
                return null;
            }
            catch (SysException e)
            {
                return e.Error;
            }
        }
        var session = detached?.Invoke(config);
        using var forwarder = new SignalForwarder();
        var launch = new SetupBuilder.Launch(id, preserveFds, session is not null, command.ConsoleSocket, ExecTargetPid: 0);
        var pid = Stage2Launcher.Start(config, launch, theirs, ours, MakeCgroup, out var spawnError);
        Fcntl.close(theirs);
        if (pid < 0)
        {
            Fcntl.close(ours);
            return Fail(id, spawnError!, ExitCodes.SetupFailed, cgroup);
        }
        forwarder.Target(pid);
        if (session is null && command.PidFile is { } pidFile && PidFile.Write(pidFile, pid) is { } pidFileError)
            Stderr.WriteLine($"containerd-shim: {id}: warning: {pidFileError}");
        var lifecycle = new ContainerLifecycle(id, config, session) { Pid = pid };
        if (session is not null)
        {
            session.SyncFd = ours;
            session.CgroupDirectories = cgroup?.MadeDirectories;
        }
        var failure = Stage2Dialogue.Run(ours, pid, lifecycle.OnPause, out var execed);
        Fcntl.close(ours);
        if (execed && session is not null)
        {
            // A created container is handed over, as runc's is: we end without reaping it, so it is
            // re-parented to our caller's subreaper (containerd-shim-runc-v2, conmon), which waits for
            // the pid it read from --pid-file. A zombie is re-parented too, and its new parent notified.
            lifecycle.Started();
            return 0;
        }
        if (execed)
        {
            // Poststart hooks first: releasing before them would only fault the pages back in.
            lifecycle.Started();
            IdleFootprint.ReleaseStartupMemory(pid);
        }
        var status = ProcessWait.Reap(pid, out var waitError);
        if (config.WritableLayer) RemoveLayerDirectory(id);
        RemoveCgroup(id, cgroup);
        lifecycle.Stopped(status);
        if (failure is not null)
        {
            var error = failure.ToError();
            var code = ExitCodes.ForSetupFailure(failure.Step, failure.Errno);
            return Fail(id, error, code, quietly: session?.Failed(error) == true);
        }
        if (waitError is not null) return Fail(id, waitError, ExitCodes.SetupFailed);
        return ExitCodes.ForContainerExit(status);
    }

    /// <summary>The layer's tmpfs lived in the container's mount namespace and went with it; on the
    /// host only the empty mount point is left. Not empty (someone else's) or gone: leave it be.</summary>
    private static void RemoveLayerDirectory(string id)
    {
        try
        {
            Directory.Delete(Oci.ImagePaths.LayerDirectory(id), recursive: false);
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

    private static int Fail(string id, SysError error, int code, bool quietly = false)
    {
        if (!quietly) Stderr.WriteLine($"containerd-shim: {id}: {error}");
        return code;
    }
}
