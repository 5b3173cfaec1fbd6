using Linux.Native;

namespace Pid1.Supervision;

/// <summary>Feeds service events through <see cref="ServiceTransitions"/> and carries out the effects, on the event loop.</summary>
internal sealed class ServiceSupervisor(EventLoop loop, Serilog.ILogger log)
{
    private readonly List<Service> _started = [];

    public IReadOnlyList<Service> Services => _started;

    public bool AllSettled => _started.All(s => ServiceTransitions.IsSettled(s.State));

    public void Start(ContainerBundle bundle)
    {
        var service = new Service(bundle);
        _started.Add(service);
        Apply(service, ServiceEvent.Start);
    }

    /// <summary>Asks every service to stop, the last started first.</summary>
    public void StopAll()
    {
        for (var i = _started.Count - 1; i >= 0; i--) Apply(_started[i], ServiceEvent.StopRequested);
    }

    public void TimeoutAll()
    {
        foreach (var service in _started) Apply(service, ServiceEvent.Timeout);
    }

    private void Apply(Service service, ServiceEvent ev)
    {
        var next = ServiceTransitions.Next(service.State, ev);
        service.State = next.State;
        foreach (var effect in next.Effects) Carry(service, effect);
    }

    private void Carry(Service service, ServiceEffect effect)
    {
        switch (effect)
        {
            case ServiceEffect.Spawn:
                service.Run = loop.Start(service.Bundle, out var error);
                service.LastError = error;
                if (service.Run is null) Apply(service, ServiceEvent.SpawnFailed);
                else
                {
                    service.Run.OnExit = _ => Apply(service, ServiceEvent.Exited);
                    Apply(service, ServiceEvent.Spawned);
                }
                break;
            case ServiceEffect.LogStarted:
                log.Information("service {Name}: started (pid {Pid})", service.Name, service.Run!.Pid);
                break;
            case ServiceEffect.LogSpawnFailed:
                log.Error("service {Name}: FAILED to start: {Error}", service.Name, service.LastError?.ToString() ?? "unknown");
                break;
            case ServiceEffect.LogExited:
                log.Information("service {Name}: {Status}", service.Name, service.Run?.Exit?.ToString() ?? "exited");
                break;
            case ServiceEffect.SendTerm:
                Signal.kill(service.Run!.Pid, Signal.SIGTERM);
                break;
            case ServiceEffect.SendKill:
                Signal.kill(service.Run!.Pid, Signal.SIGKILL);
                break;
        }
    }
}
