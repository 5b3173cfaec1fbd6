namespace Pid1.Supervision;

/// <summary>
/// The supervision table, as a pure function (s6-supervise's actions[state][event]; docs/design.md, rule 4):
/// a state, an event and the facts the table depends on give the next state and the effects to carry out.
/// It is the whole life of a container: a service waiting for <c>after</c>, started, ready, stopped,
/// restarted on request or after a backoff; an onboot or onshutdown container run once, with its timeout.
/// Rows not listed leave the state alone and do nothing (e.g. a Timeout that arrives after the service
/// already went down). Effect lists are static arrays: a transition allocates nothing.
/// </summary>
internal static class ServiceTransitions
{
    public readonly record struct Transition(ServiceState State, ServiceEffect[] Effects);

    private static readonly ServiceEffect[] None = [];
    private static readonly ServiceEffect[] Spawn = [ServiceEffect.Spawn];
    private static readonly ServiceEffect[] FreshSpawn = [ServiceEffect.ResetBudget, ServiceEffect.Spawn];
    private static readonly ServiceEffect[] BackoffToFreshSpawn = [ServiceEffect.CancelTimer, ServiceEffect.ResetBudget, ServiceEffect.Spawn];
    private static readonly ServiceEffect[] Waiting = [ServiceEffect.LogWaiting];
    private static readonly ServiceEffect[] NotStarted = [ServiceEffect.LogDependencyFailed];
    private static readonly ServiceEffect[] StartedOnce = [ServiceEffect.LogStarted, ServiceEffect.ArmRunTimer];
    private static readonly ServiceEffect[] StartedAwaitingReady = [ServiceEffect.LogStarted];
    private static readonly ServiceEffect[] StartedReady = [ServiceEffect.LogStarted, ServiceEffect.StartDependents];
    private static readonly ServiceEffect[] BecameReady = [ServiceEffect.LogReady, ServiceEffect.StartDependents];
    private static readonly ServiceEffect[] SpawnFailedOnce = [ServiceEffect.LogSpawnFailed];
    private static readonly ServiceEffect[] Stop = [ServiceEffect.SendStop, ServiceEffect.ArmStopTimer];
    private static readonly ServiceEffect[] StoppedDown = [ServiceEffect.CancelTimer, ServiceEffect.LogExited];
    private static readonly ServiceEffect[] StoppedRestart = [ServiceEffect.CancelTimer, ServiceEffect.LogExited, ServiceEffect.ResetBudget, ServiceEffect.Spawn];
    private static readonly ServiceEffect[] Kill = [ServiceEffect.LogStillRunning, ServiceEffect.SendKill];
    private static readonly ServiceEffect[] TimedOut = [ServiceEffect.LogTimedOut, ServiceEffect.SendKill];
    private static readonly ServiceEffect[] RanOk = [ServiceEffect.CancelTimer, ServiceEffect.LogExited];
    private static readonly ServiceEffect[] RanFailed = [ServiceEffect.CancelTimer, ServiceEffect.LogFailed];
    private static readonly ServiceEffect[] CancelBackoff = [ServiceEffect.CancelTimer];
    private static readonly ServiceEffect[] SpawnFailedRestart = [ServiceEffect.LogSpawnFailed, ServiceEffect.ArmBackoff];
    private static readonly ServiceEffect[] SpawnFailedGiveUp = [ServiceEffect.LogSpawnFailed, ServiceEffect.LogGaveUp];
    private static readonly ServiceEffect[] ExitedRestart = [ServiceEffect.LogExited, ServiceEffect.ArmBackoff];
    private static readonly ServiceEffect[] ExitedGiveUp = [ServiceEffect.LogExited, ServiceEffect.LogGaveUp];
    private static readonly ServiceEffect[] ExitedStay = [ServiceEffect.LogExited];

    public static Transition Next(ServiceState state, ServiceEvent ev, ServiceFacts facts = default) =>
        (state, ev) switch
        {
            (ServiceState.Down, ServiceEvent.Wait) => new(ServiceState.Waiting, Waiting),
            (ServiceState.Waiting, ServiceEvent.DependenciesReady) => new(ServiceState.Starting, Spawn),
            (ServiceState.Waiting, ServiceEvent.DependencyFailed) => new(ServiceState.Down, NotStarted),
            (ServiceState.Waiting, ServiceEvent.StopRequested) => new(ServiceState.Down, None),
            (ServiceState.Down or ServiceState.Waiting or ServiceState.Exited or ServiceState.Failed, ServiceEvent.Start or ServiceEvent.RestartRequested) =>
                new(ServiceState.Starting, FreshSpawn),
            (ServiceState.Starting, ServiceEvent.Spawned) => facts.RunOnce ? new(ServiceState.Running, StartedOnce)
                : facts.HasReadiness ? new(ServiceState.Up, StartedAwaitingReady)
                : new(ServiceState.Ready, StartedReady),
            (ServiceState.Starting, ServiceEvent.SpawnFailed) => facts.RunOnce
                ? new(ServiceState.Failed, SpawnFailedOnce)
                : AfterEnd(facts.Plan, ServiceState.Failed, SpawnFailedRestart, SpawnFailedGiveUp, SpawnFailedOnce),
            (ServiceState.Up, ServiceEvent.Ready) => new(ServiceState.Ready, BecameReady),
            (ServiceState.Up or ServiceState.Ready, ServiceEvent.Exited) =>
                AfterEnd(facts.Plan, ServiceState.Exited, ExitedRestart, ExitedGiveUp, ExitedStay),
            (ServiceState.Up or ServiceState.Ready, ServiceEvent.StopRequested) => new(ServiceState.Stopping, Stop),
            (ServiceState.Up or ServiceState.Ready, ServiceEvent.RestartRequested) => new(ServiceState.Restarting, Stop),
            (ServiceState.Running, ServiceEvent.Exited) => facts.Succeeded ? new(ServiceState.Exited, RanOk) : new(ServiceState.Failed, RanFailed),
            (ServiceState.Running, ServiceEvent.Timeout) => new(ServiceState.TimedOut, TimedOut),
            (ServiceState.TimedOut, ServiceEvent.Exited) => new(ServiceState.Failed, None),
            (ServiceState.Stopping, ServiceEvent.Exited) => new(ServiceState.Down, StoppedDown),
            (ServiceState.Stopping, ServiceEvent.Timeout) => new(ServiceState.Stopping, Kill),
            (ServiceState.Stopping, ServiceEvent.RestartRequested) => new(ServiceState.Restarting, None),
            (ServiceState.Restarting, ServiceEvent.Exited) => new(ServiceState.Starting, StoppedRestart),
            (ServiceState.Restarting, ServiceEvent.Timeout) => new(ServiceState.Restarting, Kill),
            (ServiceState.Restarting, ServiceEvent.StopRequested) => new(ServiceState.Stopping, None),
            (ServiceState.Backoff, ServiceEvent.Timeout) => new(ServiceState.Starting, Spawn),
            (ServiceState.Backoff, ServiceEvent.StopRequested) => new(ServiceState.Down, CancelBackoff),
            (ServiceState.Backoff, ServiceEvent.Start or ServiceEvent.RestartRequested) => new(ServiceState.Starting, BackoffToFreshSpawn),
            _ => new(state, None),
        };

    private static Transition AfterEnd(ExitPlan plan, ServiceState stay, ServiceEffect[] restart, ServiceEffect[] giveUp, ServiceEffect[] log) => plan switch
    {
        ExitPlan.Restart => new(ServiceState.Backoff, restart),
        ExitPlan.GiveUp => new(ServiceState.Failed, giveUp),
        _ => new(stay, log),
    };

    /// <summary>A service in one of these holds no process: shutdown need not wait for it.</summary>
    public static bool IsSettled(ServiceState state) =>
        state is ServiceState.Down or ServiceState.Waiting or ServiceState.Exited or ServiceState.Failed or ServiceState.Backoff;

    /// <summary>A run-once container is done: the boot (or shutdown) goes on.</summary>
    public static bool IsFinished(ServiceState state) => state is ServiceState.Exited or ServiceState.Failed;
}
