namespace Pid1.Supervision;

/// <summary>
/// The supervision table, as a pure function (s6-supervise's actions[state][event]): a state, an event and
/// the two facts the table depends on (what the restart policy says about an exit, and whether the service
/// signals readiness) give the next state and the effects to carry out. Rows not listed leave the state
/// alone and do nothing (e.g. a Timeout that arrives after the service already went down).
/// </summary>
internal static class ServiceTransitions
{
    public readonly record struct Transition(ServiceState State, ServiceEffect[] Effects);

    public static Transition Next(ServiceState state, ServiceEvent ev, ExitPlan plan = ExitPlan.Stay, bool hasReadiness = false) =>
        (state, ev) switch
        {
            (ServiceState.Down or ServiceState.Exited or ServiceState.Failed, ServiceEvent.Start) =>
                new(ServiceState.Starting, [ServiceEffect.Spawn]),
            (ServiceState.Starting, ServiceEvent.Spawned) => hasReadiness
                ? new(ServiceState.Up, [ServiceEffect.LogStarted])
                : new(ServiceState.Ready, [ServiceEffect.LogStarted, ServiceEffect.StartDependents]),
            (ServiceState.Starting, ServiceEvent.SpawnFailed) => AfterEnd(ServiceEffect.LogSpawnFailed, plan, ServiceState.Failed),
            (ServiceState.Up, ServiceEvent.Ready) => new(ServiceState.Ready, [ServiceEffect.LogReady, ServiceEffect.StartDependents]),
            (ServiceState.Up or ServiceState.Ready, ServiceEvent.Exited) => AfterEnd(ServiceEffect.LogExited, plan, ServiceState.Exited),
            (ServiceState.Up or ServiceState.Ready, ServiceEvent.StopRequested) =>
                new(ServiceState.Stopping, [ServiceEffect.SendStop, ServiceEffect.ArmStopTimer]),
            (ServiceState.Stopping, ServiceEvent.Exited) => new(ServiceState.Down, [ServiceEffect.CancelTimer, ServiceEffect.LogExited]),
            (ServiceState.Stopping, ServiceEvent.Timeout) => new(ServiceState.Stopping, [ServiceEffect.SendKill]),
            (ServiceState.Backoff, ServiceEvent.Timeout) => new(ServiceState.Starting, [ServiceEffect.Spawn]),
            (ServiceState.Backoff, ServiceEvent.StopRequested) => new(ServiceState.Down, [ServiceEffect.CancelTimer]),
            _ => new(state, []),
        };

    private static Transition AfterEnd(ServiceEffect log, ExitPlan plan, ServiceState stay) => plan switch
    {
        ExitPlan.Restart => new(ServiceState.Backoff, [log, ServiceEffect.ArmBackoff]),
        ExitPlan.GiveUp => new(ServiceState.Failed, [log, ServiceEffect.LogGaveUp]),
        _ => new(stay, [log]),
    };

    /// <summary>A service in one of these holds no process: shutdown need not wait for it.</summary>
    public static bool IsSettled(ServiceState state) =>
        state is ServiceState.Down or ServiceState.Exited or ServiceState.Failed or ServiceState.Backoff;
}
