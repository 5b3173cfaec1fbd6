namespace Pid1.Supervision;

/// <summary>
/// Feeds service events through <see cref="ServiceTransitions"/> and carries out the effects, on the event
/// loop. The public methods (Start/Stop/Restart by name, List) are for the loop's thread only, e.g. the
/// control socket's commands dispatched by the loop.
/// </summary>
internal sealed class ServiceSupervisor(EventLoop loop, Serilog.ILogger log)
{
    private readonly List<Service> _services = [];
    private bool _shuttingDown;
    private long _starts;

    public IReadOnlyList<Service> Services => _services;

    /// <summary>Groups that stop together, first group first: <c>after</c> in reverse (<see cref="StopLevels"/>).</summary>
    public List<List<Service>> StopOrder => StopLevels.Of(_services);

    public bool AllSettled => _services.All(s => ServiceTransitions.IsSettled(s.State));

    /// <summary>Adds a service at boot and starts it, unless it waits for others (<c>after</c>).</summary>
    public void Add(ContainerBundle bundle)
    {
        var policy = bundle.LoadPolicy(out var problem);
        if (problem is not null) log.Warning("service {Name}: {Problem}", bundle.Name, problem);
        var service = new Service(bundle, policy);
        _services.Add(service);
        service.Waiting = policy.After.Count > 0;
        if (!service.Waiting) Apply(service, ServiceEvent.Start);
        else
        {
            log.Information("service {Name}: waiting for {After}", service.Name, string.Join(", ", policy.After));
            // What it waits for may be Ready already (added before it, no readiness): nothing else would start it.
            StartDependents();
        }
    }

    public IReadOnlyList<ServiceInfo> List() => _services.Select(ServiceInfo.Of).ToList();

    public Service? Find(string name) => _services.FirstOrDefault(s => s.Name == name);

    /// <summary>Starts a service that is down, exited or failed, with a fresh restart budget.</summary>
    public bool Start(string name)
    {
        if (Find(name) is not { } s || !ServiceTransitions.IsSettled(s.State)) return false;
        s.Budget.Reset();
        s.Waiting = false;
        if (s.State == ServiceState.Backoff) Apply(s, ServiceEvent.StopRequested);
        Apply(s, ServiceEvent.Start);
        return true;
    }

    public bool Stop(string name)
    {
        if (Find(name) is not { } s) return false;
        s.StartWhenDown = false;
        Apply(s, ServiceEvent.StopRequested);
        return true;
    }

    public bool Restart(string name)
    {
        if (Find(name) is not { } s) return false;
        if (ServiceTransitions.IsSettled(s.State)) return Start(name);
        s.StartWhenDown = true;
        Apply(s, ServiceEvent.StopRequested);
        return true;
    }

    /// <summary>Numbers spawns in order; milliseconds would tie for services started in one step.</summary>
    internal long NextStartSeq() => ++_starts;

    /// <summary>From now on nothing restarts: exits during shutdown are final.</summary>
    public void BeginShutdown() => _shuttingDown = true;

    internal void Apply(Service service, ServiceEvent ev)
    {
        var plan = ev is ServiceEvent.Exited or ServiceEvent.SpawnFailed ? PlanFor(service) : ExitPlan.Stay;
        var next = ServiceTransitions.Next(service.State, ev, plan, service.Policy.Readiness == "fd");
        service.State = next.State;
        foreach (var effect in next.Effects) new ServiceEffects(this, loop, log).Carry(service, effect);
        if (service.State == ServiceState.Down && service.StartWhenDown && !_shuttingDown)
        {
            service.StartWhenDown = false;
            Start(service.Name);
        }
    }

    private ExitPlan PlanFor(Service service)
    {
        if (_shuttingDown) return ExitPlan.Stay;
        var success = service.Run?.Exit is { Success: true };
        return service.Budget.Plan(success, Environment.TickCount64);
    }

    /// <summary>Starts every waiting service whose <c>after</c> list is now all Ready.</summary>
    internal void StartDependents()
    {
        foreach (var s in _services.Where(s => s.Waiting && !_shuttingDown))
        {
            var ready = s.Policy.After.All(n => Find(n) is { State: ServiceState.Ready });
            if (!ready) continue;
            s.Waiting = false;
            Apply(s, ServiceEvent.Start);
        }
    }
}
