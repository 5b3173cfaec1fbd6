using System.Globalization;
using System.Text;
using Linux;
using Linux.Native;
using Shim.Config;

namespace Shim.Runtime;

/// <summary>
/// <c>create</c>: checks the bundle, reserves ROOT/ID and starts the supervisor — this binary again as
/// <c>supervise</c>, in a session of its own, with our stdio as the container's (as with runc) — then
/// waits on a pipe for the container's pid, which the supervisor sends once stage 2 waits for start.
/// End-of-file instead means it failed (it has said why on stderr): reap it and leave no state behind.
/// </summary>
internal static class CreateCommand
{
    public static int Run(CommandLine command) => Create(command, out _);

    /// <summary>0 with the container's pid, or 1 after saying why on stderr.</summary>
    public static int Create(CommandLine command, out int containerPid)
    {
        containerPid = 0;
        var id = command.Id;
        if (command.SystemdCgroup)
            return Verbs.Fail(id, Directory.Exists("/run/systemd/system")
                ? "--systemd-cgroup: this runtime writes cgroupfs itself and has no systemd cgroup driver; configure the engine for cgroupfs (Docker: exec-opt native.cgroupdriver=cgroupfs; podman: cgroup_manager = \"cgroupfs\"; containerd: SystemdCgroup = false)"
                : "--systemd-cgroup: systemd is not running on this host (no /run/systemd/system); configure the engine for cgroupfs (Docker: exec-opt native.cgroupdriver=cgroupfs; podman: cgroup_manager = \"cgroupfs\"; containerd: SystemdCgroup = false)");
        try
        {
            ContainerConfig.Load(command.Bundle);
        }
        catch (SysException e)
        {
            return Verbs.Fail(id, e.Error.Wrap("config"));
        }
        var dir = new StateDirectory(command.Root);
        if (dir.Reserve(id) is { } reserveError) return Verbs.Fail(id, reserveError);
        if (Pipe.Create("create's report", out var pipeError) is not { } report)
        {
            dir.Remove(id);
            return Verbs.Fail(id, pipeError!);
        }
        var supervisor = StartSupervisor(command, report.Write, out var spawnError);
        Fcntl.close(report.Write);
        var answer = supervisor > 0 ? ControlSocket.Receive(report.Read) : null;
        Fcntl.close(report.Read);
        if (answer is null || !int.TryParse(Encoding.ASCII.GetString(answer), NumberStyles.None, CultureInfo.InvariantCulture, out containerPid))
        {
            if (supervisor > 0) ProcessWait.Reap(supervisor, out _);
            dir.Remove(id);
            return spawnError is null ? 1 : Verbs.Fail(id, spawnError.Wrap("start the supervisor"));
        }
        if (command.PidFile is { } pidFile && PidFile.Write(pidFile, containerPid) is { } pidFileError)
            return Verbs.Fail(id, pidFileError);
        return 0;
    }

    private static int StartSupervisor(CommandLine command, int reportFd, out SysError? error)
    {
        var n = command.PreserveFds;
        List<string> args = ["containerd-shim", .. command.GlobalArgs(), "supervise", command.Id, command.Bundle,
            n.ToString(CultureInfo.InvariantCulture), (3 + n).ToString(CultureInfo.InvariantCulture)];
        if (command.ConsoleSocket is { } socket) args.AddRange(["--console-socket", socket]);
        var fds = new List<(int, int)>();
        for (var fd = 0; fd <= 2; fd++)
            if (Fcntl.fcntl(fd, Fcntl.F_GETFD, 0) >= 0) fds.Add((fd, fd));
        fds.AddRange(Enumerable.Range(3, n).Select(fd => (fd, fd)));
        fds.Add((reportFd, 3 + n));
        // Its own session: the supervisor outlives us and must not get our terminal's signals.
        return ChildSpawner.Start(new SpawnRequest { Path = "/proc/self/exe", Args = args, Fds = fds, NewSession = true }, out error);
    }
}
