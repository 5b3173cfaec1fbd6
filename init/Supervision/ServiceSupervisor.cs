namespace Pid1.Supervision;

/// <summary>
/// Feeds container events through <see cref="ServiceTransitions"/> and carries out the effects, on the event
/// loop: the services, and the onboot/onshutdown containers <see cref="OnbootRunner"/> runs once. Events are
/// queued: an effect that leads to another event (a spawn's outcome, a dependent to start) posts it, and it
/// is applied after the current transition's effects are all done, never from inside them. The public methods
/// (Start/Stop/Restart by name, List) are for the loop's thread only, e.g. the control socket's commands.
/// </summary>
internal sealed class ServiceSupervisor(EventLoop loop, Serilog.ILogger log)
{
    private readonly List<Service> _services = [];
    private readonly Queue<(Service Service, ServiceEvent Event)> _pending = new();
    /// <summary>Onboot containers by name: true when it succeeded. All have ended before any service is added.</summary>
    private readonly Dictionary<string, bool> _onboot = new(StringComparer.Ordinal);
    private bool _applying;
    private bool _shuttingDown;
    private long _starts;

    public IReadOnlyList<Service> Services => _services;

    /// <summary>Groups that stop together, first group first: <c>after</c> in reverse (<see cref="StopLevels"/>).</summary>
    public List<List<Service>> StopOrder => StopLevels.Of(_services);

    public bool AllSettled => _services.All(s => ServiceTransitions.IsSettled(s.State));

    /// <summary>How an onboot container ended, for services that name it in <c>after</c>.</summary>
    public void RecordOnboot(string name, bool succeeded) => _onboot[name] = succeeded;

    /// <summary>Adds a service at boot and starts it, or, with an <c>after</c> list, has it wait: the table
    /// takes it from Waiting to Starting when all it is after are Ready (services) or succeeded (onboot
    /// containers), or to Down when an onboot container it is after failed, so e.g. a database never starts
    /// on the empty directory of a disk that failed to mount. initctl can still start it.</summary>
    public void Add(ContainerBundle bundle)
    {
        var policy = bundle.LoadPolicy(out var problem);
        if (problem is not null) log.Warning("service {Name}: {Problem}; using defaults", bundle.Name, problem.ToString());
        var service = new Service(bundle, policy);
        _services.Add(service);
        if (policy.After.Count == 0)
        {
            Post(service, ServiceEvent.Start);
            return;
        }
        Post(service, ServiceEvent.Wait);
        // What it waits for may be Ready or ended already (added before it): nothing else would tell it.
        StartDependents();
    }

    /// <summary>The onboot containers in its <c>after</c> list that ended and did not succeed.</summary>
    internal IEnumerable<string> FailedOnboot(Service service) =>
        service.Policy.After.Where(n => _onboot.TryGetValue(n, out var ok) && !ok);

    public IReadOnlyList<ServiceInfo> List() => _services.Select(ServiceInfo.Of).ToList();

    public Service? Find(string name) => _services.FirstOrDefault(s => s.Name == name);

    /// <summary>Starts a service that holds no process (down, waiting, exited, failed, backing off), with a
    /// fresh restart budget.</summary>
    public bool Start(string name)
    {
        if (Find(name) is not { } s || !ServiceTransitions.IsSettled(s.State)) return false;
        Post(s, ServiceEvent.Start);
        return true;
    }

    public bool Stop(string name)
    {
        if (Find(name) is not { } s) return false;
        Post(s, ServiceEvent.StopRequested);
        return true;
    }

    /// <summary>Stops it and starts it again once it is down; starts it if it holds no process.</summary>
    public bool Restart(string name)
    {
        if (Find(name) is not { } s) return false;
        Post(s, _shuttingDown ? ServiceEvent.StopRequested : ServiceEvent.RestartRequested);
        return true;
    }

    /// <summary>Numbers spawns in order; milliseconds would tie for services started in one step.</summary>
    internal long NextStartSeq() => ++_starts;

    /// <summary>From now on nothing restarts: exits during shutdown are final.</summary>
    public void BeginShutdown() => _shuttingDown = true;

    /// <summary>Queues an event for <paramref name="service"/>; applies it (and whatever it leads to) now unless
    /// a transition is being carried out, which then applies it when its effects are done.</summary>
    internal void Post(Service service, ServiceEvent ev)
    {
        _pending.Enqueue((service, ev));
        if (_applying) return;
        _applying = true;
        try
        {
            while (_pending.TryDequeue(out var next)) Apply(next.Service, next.Event);
        }
        finally { _applying = false; }
    }

    private void Apply(Service service, ServiceEvent ev)
    {
        // Only where the table reads it: the budget counts a restart each time it says Restart.
        var ended = ev is ServiceEvent.Exited or ServiceEvent.SpawnFailed && service.State is ServiceState.Starting or ServiceState.Up or ServiceState.Ready;
        var plan = ended ? PlanFor(service) : ExitPlan.Stay;
        var facts = new ServiceFacts(plan, service.Policy.Readiness == Oci.InitPolicyReadiness.Fd, service.RunOnce, service.Run?.Exit is { Success: true });
        var next = ServiceTransitions.Next(service.State, ev, facts);
        service.State = next.State;
        var effects = new ServiceEffects(this, loop, log);
        foreach (var effect in next.Effects) effects.Carry(service, effect);
        // LogStarted released it already; this keeps the output flowing whatever the table says.
        if (ev == ServiceEvent.Spawned) service.Run?.ReleaseOutput();
    }

    private ExitPlan PlanFor(Service service)
    {
        if (_shuttingDown || service.RunOnce) return ExitPlan.Stay;
        var success = service.Run?.Exit is { Success: true };
        return service.Budget.Plan(success, Environment.TickCount64);
    }

    /// <summary>Tells every waiting service whose <c>after</c> list is settled: one that names a failed onboot
    /// container cannot start, one whose names are all Ready services or succeeded onboot containers can.</summary>
    internal void StartDependents()
    {
        if (_shuttingDown) return;
        foreach (var s in _services)
        {
            if (s.State != ServiceState.Waiting) continue;
            if (FailedOnboot(s).Any()) Post(s, ServiceEvent.DependencyFailed);
            else if (s.Policy.After.All(n => _onboot.ContainsKey(n) || Find(n) is { State: ServiceState.Ready })) Post(s, ServiceEvent.DependenciesReady);
        }
    }
}
