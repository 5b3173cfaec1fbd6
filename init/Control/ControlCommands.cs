using System.Threading.Channels;
using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>
/// Carries out control commands on the event loop (through <see cref="ControlRequest"/>). <c>logs</c> is
/// not here: it only reads files and is served on the socket's own thread (<see cref="LogReader"/>).
/// </summary>
internal sealed class ControlCommands(ServiceSupervisor services, ChannelWriter<InitEvent> events)
{
    public ControlReply Run(ControlCommand command) => command.Verb switch
    {
        "list" => List(command.Json),
        "status" => Status(command.Name!, command.Json),
        "stop" => Stop(command.Name!),
        "start" or "restart" => ControlReply.Fail($"{command.Verb} {command.Name}: this init's supervisor cannot start a service on demand yet"),
        "poweroff" => Shutdown(ShutdownKind.PowerOff),
        "reboot" => Shutdown(ShutdownKind.Reboot),
        "halt" => Shutdown(ShutdownKind.Halt),
        _ => ControlReply.Fail($"unknown command '{command.Verb}'"),
    };

    private ControlReply List(bool json)
    {
        var rows = services.Services.Select(ServiceSnapshot.Of).ToList();
        return ControlReply.Done(json ? SnapshotFormat.Json(rows, single: false) : SnapshotFormat.Table(rows));
    }

    private ControlReply Status(string name, bool json)
    {
        if (Find(name) is not { } service) return NoSuch(name);
        var rows = new[] { ServiceSnapshot.Of(service) };
        return ControlReply.Done(json ? SnapshotFormat.Json(rows, single: true) : SnapshotFormat.Table(rows));
    }

    /// <summary>SIGTERM to the service's shim, which forwards it to the container; the reaper then reports
    /// the exit like any other. Until the supervisor has a stop event of its own this is the whole stop.</summary>
    private ControlReply Stop(string name)
    {
        if (Find(name) is not { } service) return NoSuch(name);
        if (service.Run is not { Exited: false } run) return ControlReply.Fail($"stop {name}: not running ({service.State.ToString().ToLowerInvariant()})");
        if (Linux.Native.Signal.kill(run.Pid, Linux.Native.Signal.SIGTERM) != 0)
            return ControlReply.Fail(new Linux.SysError($"stop {name}: kill {run.Pid} SIGTERM", Linux.Errno.Last).ToString());
        return ControlReply.Done($"{name}: SIGTERM sent to pid {run.Pid}\n");
    }

    private ControlReply Shutdown(ShutdownKind kind)
    {
        events.TryWrite(new ShutdownRequested(kind, "control client"));
        return ControlReply.Done($"{Pid1.Shutdown.ShutdownSequence.KindName(kind)}: requested\n");
    }

    private Service? Find(string name) => services.Services.LastOrDefault(s => s.Name == name);

    private static ControlReply NoSuch(string name) => ControlReply.Fail($"no service named '{name}'");
}
