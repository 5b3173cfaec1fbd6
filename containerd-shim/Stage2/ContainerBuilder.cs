using Linux;
using Linux.Native;
using Shim.Protocol;
using Shim.Seccomp;

namespace Shim.Stage2;

/// <summary>
/// <c>containerd-shim stage2 FD</c>: runs inside the new namespaces, on its main thread (mounts,
/// pivot_root, credentials and capabilities are per thread or must precede the exec). It reads the
/// container's setup from the sync socket FD (<see cref="SetupTransport"/>: stage 1 read and checked the
/// config, stage 2 reads no config.json), runs the steps in this order and reports the first failure
/// to stage 1 over the same socket (protocol: <see cref="SetupStep"/>).
/// </summary>
internal static unsafe class ContainerBuilder
{
    /// <summary>The sync socket, right above the fds preserved for the container (3..3+N-1).</summary>
    private static int SyncFd = 3;

    private static readonly (SetupStep Step, Action<Stage2Context> Run)[] Steps =
    [
        (SetupStep.Cgroup, CgroupNamespace.Run),
        (SetupStep.Namespaces, JoinNamespaces.Run),
        (SetupStep.Rootfs, RootfsMount.Run),
        (SetupStep.Mounts, MountEntries.Run),
        (SetupStep.Devices, DefaultDevices.Run),
        (SetupStep.Hooks, Stage2Sync.BeforePivot),
        (SetupStep.Terminal, Terminal.Connect),
        (SetupStep.PivotRoot, RootPivot.Run),
        (SetupStep.Sysctl, ProcessLimits.Sysctl),
        (SetupStep.MaskedPaths, PathMasks.MaskPaths),
        (SetupStep.ReadonlyPaths, PathMasks.ReadonlyPaths),
        (SetupStep.ReadonlyRoot, PathMasks.ReadonlyRoot),
        (SetupStep.Terminal, Terminal.Attach),
        (SetupStep.Hostname, ProcessLimits.Hostname),
        (SetupStep.Rlimits, ProcessLimits.Rlimits),
        // Everything above overlapped stage 1's cgroup work; from here on the process is the container's.
        (SetupStep.Cgroup, Stage2Context.InCgroup),
        (SetupStep.Capabilities, Credentials.DropBoundingSet),
        (SetupStep.Seccomp, LoadSeccompFilter.BeforeUserSwitch),
        (SetupStep.User, Credentials.SwitchUser),
        (SetupStep.Capabilities, Credentials.SetCapabilities),
        (SetupStep.Cwd, ProcessLimits.ChangeDirectory),
        (SetupStep.NoNewPrivileges, ProcessLimits.NoNewPrivileges),
        // Before the filter: the wait for start and the startContainer hooks are .NET code and a spawn.
        (SetupStep.Hooks, Stage2Sync.BeforeExec),
        (SetupStep.Seccomp, LoadSeccompFilter.BeforeExec),
        (SetupStep.Exec, ExecProcess.Run),
    ];

    /// <summary><c>exec</c>: a second process joins a running container's namespaces (by /proc/PID/ns,
    /// mount last: see Runtime/ExecConfig) and takes on its own process attributes, the container's cgroup and seccomp filter; the container's
    /// filesystem, hostname and sysctls are already in place.</summary>
    private static readonly (SetupStep Step, Action<Stage2Context> Run)[] ExecSteps =
    [
        // The console socket's path is the runtime's; the pty is opened in the container's devpts.
        (SetupStep.Terminal, Terminal.Connect),
        (SetupStep.Namespaces, JoinNamespaces.Run),
        (SetupStep.PivotRoot, RootPivot.EnterSharedRoot),
        (SetupStep.Terminal, Terminal.Attach),
        (SetupStep.Rlimits, ProcessLimits.Rlimits),
        (SetupStep.Cgroup, Stage2Context.InCgroup),
        (SetupStep.Capabilities, Credentials.DropBoundingSet),
        (SetupStep.Seccomp, LoadSeccompFilter.BeforeUserSwitch),
        (SetupStep.User, Credentials.SwitchUser),
        (SetupStep.Capabilities, Credentials.SetCapabilities),
        (SetupStep.Cwd, ProcessLimits.ChangeDirectory),
        (SetupStep.NoNewPrivileges, ProcessLimits.NoNewPrivileges),
        (SetupStep.Seccomp, LoadSeccompFilter.BeforeExec),
        (SetupStep.Exec, ExecProcess.Run),
    ];

    /// <summary><paramref name="syncFdText"/>: the socket's fd number, the one argument.</summary>
    public static int Run(string syncFdText)
    {
        if (!int.TryParse(syncFdText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out SyncFd))
        {
            Stderr.WriteLine($"containerd-shim: stage 2: \"{syncFdText}\" is not an fd number (only the shim itself starts stage 2)");
            return ExitCodes.SetupFailed;
        }
        // posix_spawn's dup2 cleared close-on-exec on the sync fd; it must close when the container execs.
        Fcntl.fcntl(SyncFd, Fcntl.F_SETFD, Fcntl.FD_CLOEXEC);
        var step = SetupStep.Config;
        try
        {
            var context = new Stage2Context(SetupTransport.Receive(SyncFd), SyncFd);
            foreach (var (s, run) in context.Setup.ExecTargetPid > 0 ? ExecSteps : Steps)
            {
                step = s;
                run(context);
            }
            Report(new SetupFailure(SetupStep.Internal, default, "exec returned"));
        }
        catch (SysException e)
        {
            Report(SetupFailure.From(step, e.Error));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Report(new SetupFailure(step, ExceptionErrno.Of(e), e.Message));
        }
        catch (Exception e)
        {
            // A bug in the shim: still one line naming the step, rather than a stack trace in the
            // container's output and a status that looks like the container's own.
            Report(new SetupFailure(step, default, $"unexpected {e.GetType().Name}: {e.Message}"));
        }
        return ExitCodes.SetupFailed;
    }

    private static void Report(SetupFailure failure)
    {
        var bytes = failure.Encode();
        fixed (byte* p = bytes)
        {
            if (Fcntl.write(SyncFd, p, (nuint)bytes.Length) == bytes.Length) return;
        }
        // Stage 1 is gone or fd 3 is not ours: say it where someone may still read it.
        Stderr.WriteLine($"containerd-shim: stage 2: {failure.ToError()}");
    }
}
