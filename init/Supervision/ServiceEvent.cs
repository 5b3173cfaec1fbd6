namespace Pid1.Supervision;

/// <summary>What can happen to a container. Timeouts are events too: the loop posts them when a timer ends
/// (the restart delay in Backoff, the stop timeout in Stopping and Restarting, a run-once timeout).</summary>
internal enum ServiceEvent
{
    /// <summary>Added at boot with an <c>after</c> list.</summary>
    Wait,
    Start,

    /// <summary>Every service in its <c>after</c> list is Ready.</summary>
    DependenciesReady,
    Spawned,
    SpawnFailed,
    Exited,
    Ready,
    StopRequested,
    RestartRequested,
    Timeout,
}
