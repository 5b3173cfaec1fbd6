namespace Pid1.Supervision;

/// <summary>What can happen to a container. Timeouts are events too: the loop posts them when a timer ends
/// (the restart delay in Backoff, the stop timeout in Stopping and Restarting, a run-once timeout).</summary>
internal enum ServiceEvent
{
    /// <summary>Added at boot with an <c>after</c> list.</summary>
    Wait,
    Start,

    /// <summary>Every name in its <c>after</c> list is Ready (a service) or succeeded (an onboot container).</summary>
    DependenciesReady,

    /// <summary>An onboot container in its <c>after</c> list failed: it is not started on what that one left undone.</summary>
    DependencyFailed,
    Spawned,
    SpawnFailed,
    Exited,
    Ready,
    StopRequested,
    RestartRequested,
    Timeout,
}
