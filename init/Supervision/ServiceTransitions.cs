namespace Pid1.Supervision;

/// <summary>
/// The supervision table, as a pure function (s6-supervise's actions[state][event]): a state and an event
/// give the next state and the effects to carry out. Rows not listed leave the state alone and do nothing
/// (e.g. a Timeout that arrives after the service already went down). Restart with backoff, a later issue,
/// is a change of the Up+Exited row (to Backoff, arming a timer) plus a Backoff+Timeout row.
/// </summary>
internal static class ServiceTransitions
{
    public readonly record struct Transition(ServiceState State, ServiceEffect[] Effects);

    public static Transition Next(ServiceState state, ServiceEvent ev) => (state, ev) switch
    {
        (ServiceState.Down, ServiceEvent.Start) => new(ServiceState.Starting, [ServiceEffect.Spawn]),
        (ServiceState.Starting, ServiceEvent.Spawned) => new(ServiceState.Up, [ServiceEffect.LogStarted]),
        (ServiceState.Starting, ServiceEvent.SpawnFailed) => new(ServiceState.Failed, [ServiceEffect.LogSpawnFailed]),
        (ServiceState.Up, ServiceEvent.Exited) => new(ServiceState.Exited, [ServiceEffect.LogExited]),
        (ServiceState.Up, ServiceEvent.StopRequested) => new(ServiceState.Stopping, [ServiceEffect.SendTerm]),
        (ServiceState.Stopping, ServiceEvent.Exited) => new(ServiceState.Down, [ServiceEffect.LogExited]),
        (ServiceState.Stopping, ServiceEvent.Timeout) => new(ServiceState.Stopping, [ServiceEffect.SendKill]),
        _ => new(state, []),
    };

    /// <summary>A service in one of these holds no process: shutdown need not wait for it.</summary>
    public static bool IsSettled(ServiceState state) =>
        state is ServiceState.Down or ServiceState.Exited or ServiceState.Failed;
}
