using System.Threading.Channels;
using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>
/// Carries out control commands on the event loop (through <see cref="ControlRequest"/>), through the
/// supervisor's own Start/Stop/Restart so every change goes through its state machine. <c>logs</c> is not
/// here: it only reads files and is served on the connection's own thread (<see cref="LogReader"/>).
/// </summary>
internal sealed class ControlCommands(ServiceSupervisor services, ChannelWriter<InitEvent> events)
{
    public ControlReply Run(ControlCommand command) => command.Verb switch
    {
        "list" => List(command.Json),
        "status" => Status(command.Name!, command.Json),
        "start" => Change(command, services.Start),
        "stop" => Change(command, services.Stop),
        "restart" => Change(command, services.Restart),
        "poweroff" => Shutdown(ShutdownKind.PowerOff),
        "reboot" => Shutdown(ShutdownKind.Reboot),
        "halt" => Shutdown(ShutdownKind.Halt),
        "tasks" => Tasks(command.Name),
        _ => ControlReply.Fail($"unknown command '{command.Verb}'"),
    };

    private ControlReply List(bool json)
    {
        var rows = services.List().Select(ServiceSnapshot.Of).ToList();
        return ControlReply.Done(json ? SnapshotFormat.Json(rows, single: false) : SnapshotFormat.Table(rows));
    }

    private ControlReply Status(string name, bool json)
    {
        var rows = services.List().Where(s => s.Name == name).Select(ServiceSnapshot.Of).ToList();
        if (rows.Count == 0) return NoSuch(name);
        return ControlReply.Done(json ? SnapshotFormat.Json(rows, single: true) : SnapshotFormat.Table(rows));
    }

    /// <summary>The supervisor answers false for an unknown name, or (start) a service that is not settled.</summary>
    private ControlReply Change(ControlCommand command, Func<string, bool> change)
    {
        var name = command.Name!;
        if (services.Find(name) is not { } service) return NoSuch(name);
        if (!change(name)) return ControlReply.Fail($"{command.Verb} {name}: not possible while it is {StateName(service)}");
        return ControlReply.Done($"{name}: {StateName(service)}\n");
    }

    /// <summary>For initctl exec and ctr: per service its state, its container's first process (0 when it has
    /// none) and its bundle; the /proc scan for the shims' children is a few ms, and only on request.</summary>
    private ControlReply Tasks(string? name)
    {
        var rows = new List<ServiceTasks.Row>();
        foreach (var info in services.List().Where(s => name is null || s.Name == name))
        {
            var pid = info.Pid is { } shim ? ContainerProcess.FirstChildOf(shim) ?? 0 : 0;
            rows.Add(new ServiceTasks.Row(info.Name, info.State.ToString().ToLowerInvariant(), pid, pid == 0 ? 0 : info.Pid ?? 0,
                services.Find(info.Name)?.Bundle.Dir ?? "-"));
        }
        if (name is not null && rows.Count == 0) return NoSuch(name);
        return ControlReply.Done(ServiceTasks.Format(rows));
    }

    private ControlReply Shutdown(ShutdownKind kind)
    {
        events.TryWrite(new ShutdownRequested(kind, "control client"));
        return ControlReply.Done($"{Pid1.Shutdown.ShutdownSequence.KindName(kind)}: requested\n");
    }

    private static string StateName(Service service) => service.State.ToString().ToLowerInvariant();

    private static ControlReply NoSuch(string name) => ControlReply.Fail($"no service named '{name}'");
}
