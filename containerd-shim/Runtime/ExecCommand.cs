using System.Globalization;
using System.Text.Json;
using Linux;
using Linux.Native;
using Shim.Config;
using Shim.Protocol;
using Shim.Stage1;

namespace Shim.Runtime;

/// <summary>
/// <c>exec</c>: a second process in a created or running container. Its process comes from --process
/// (a runtime-spec process JSON) or from the container's own with the command, --env, --cwd and --user
/// of the command line. Stage 2 runs with <c>--exec</c>: it joins the container's namespaces and applies
/// the process's rlimits, capabilities, user, cwd and no_new_privs (Stage2/ContainerBuilder's ExecSteps).
/// In the foreground we stay its parent and exit with its status; --detach returns once it runs.
/// Any failure of exec itself exits 255, as runc's does (a missing command too, where run says 127).
/// </summary>
internal static class ExecCommand
{
    public const int Failed = 255;

    public static int Run(CommandLine command)
    {
        if (Verbs.Find(command) is not var (record, status)) return Failed;
        if (status == ContainerStatus.Stopped) return Fail(command.Id, SysError.Plain("cannot exec in a stopped container"));
        var dir = new StateDirectory(command.Root).DirOf(command.Id);
        return RunIn(command, dir, record.Pid);
    }

    /// <summary>The exec itself, for a container whose config.json is in <paramref name="configDir"/> (its
    /// --root state directory, or for <c>initctl exec</c> the bundle of a service init runs) and whose first
    /// process is <paramref name="containerPid"/>. Stage 2 gets the exec's setup over the sync socket.</summary>
    public static int RunIn(CommandLine command, string configDir, int containerPid)
    {
        ContainerConfig config;
        Oci.Process process;
        try
        {
            var saved = ContainerConfig.Load(configDir);
            process = command.ProcessFile is { } file ? ReadProcess(file) : FromCommandLine(saved.Process, command);
            // --tty asks for a terminal whatever --process says, as with runc; its master goes to --console-socket.
            if (command.Tty) process = process with { Terminal = true };
            config = ExecConfig.For(saved, containerPid, process);
        }
        catch (SysException e)
        {
            return Fail(command.Id, e.Error);
        }
        return Start(command, config, containerPid);
    }

    private static int Start(CommandLine command, ContainerConfig config, int containerPid)
    {
        var id = command.Id;
        if (Socket.Pair(Socket.SOCK_SEQPACKET, out var ours, out var theirs) < 0) return Fail(id, SysError.Last("socketpair"));
        using var forwarder = new SignalForwarder();
        var launch = new SetupBuilder.Launch(id, command.PreserveFds, Detached: false, command.ConsoleSocket, containerPid);
        var pid = Stage2Launcher.Start(config, launch, theirs, ours, makeCgroup: null, out var spawnError);
        Fcntl.close(theirs);
        if (pid < 0) { Fcntl.close(ours); return Fail(id, spawnError!.Wrap("exec")); }
        forwarder.Target(pid);
        var failure = Stage2Dialogue.Run(ours, pid, Refuse, out _);
        Fcntl.close(ours);
        if (failure is not null)
        {
            ProcessWait.Reap(pid, out _);
            return Fail(id, failure.ToError().Wrap("exec"));
        }
        if (command.PidFile is { } pidFile && PidFile.Write(pidFile, pid) is { } pidFileError) Verbs.Fail(id, pidFileError);
        if (command.Detach) return 0;
        var status = ProcessWait.Reap(pid, out var waitError);
        return waitError is null ? ExitCodes.ForContainerExit(status) : Fail(id, waitError);
    }

    private static int Fail(string id, SysError error)
    {
        Verbs.Fail(id, error);
        return Failed;
    }

    /// <summary>An exec's stage 2 has no pause point; a pause would be a bug, so it is refused.</summary>
    private static byte[]? Refuse(SyncPoint point, out SysError? error)
    {
        error = SysError.Plain($"unexpected pause at {point}");
        return null;
    }

    private static Oci.Process ReadProcess(string file)
    {
        try
        {
            return Oci.OciJson.ParseProcess(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"read {file}", ExceptionErrno.Of(e)));
        }
        catch (JsonException e)
        {
            throw new SysException(SysError.Plain($"{file}: not a valid process ({e.Path}: {Oci.JsonProblem.Describe(e)})"));
        }
    }

    private static Oci.Process FromCommandLine(Oci.Process container, CommandLine command)
    {
        var user = container.User;
        if (command.User is { } text)
        {
            var parts = text.Split(':');
            if (parts.Length > 2 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || (parts.Length == 2 && !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new SysException(SysError.Plain($"--user: \"{text}\" is not UID[:GID]"));
            user = new Oci.User { Uid = uid, Gid = parts.Length == 2 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : 0 };
        }
        return container with
        {
            Args = [.. command.Rest],
            Env = [.. container.Env ?? [], .. command.Env],
            Cwd = command.Cwd ?? container.Cwd,
            User = user,
            Terminal = command.Tty,
        };
    }
}
