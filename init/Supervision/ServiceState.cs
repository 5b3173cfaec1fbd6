namespace Pid1.Supervision;

/// <summary>Where a container is in its life (docs/design.md, rule 4).</summary>
internal enum ServiceState
{
    Down,

    /// <summary>A service whose <c>after</c> list is not all Ready yet.</summary>
    Waiting,
    Starting,

    /// <summary>Running; it declared readiness and has not signalled it yet.</summary>
    Up,

    /// <summary>Running and ready (at once, for a service without readiness): its dependents may start.</summary>
    Ready,

    /// <summary>An onboot or onshutdown container running once, its timeout (if any) armed.</summary>
    Running,
    Stopping,

    /// <summary>Stopping on request, to start again once it is down (restart).</summary>
    Restarting,

    /// <summary>A run-once container past its timeout, killed; waiting for its exit.</summary>
    TimedOut,

    /// <summary>Ended on its own; waiting out the restart delay (a timer) before the next start.</summary>
    Backoff,

    /// <summary>Ended on its own and its restart policy says not to start it again (run-once: succeeded).</summary>
    Exited,

    /// <summary>Could not be started, or hit the burst limit: not restarted until asked to (run-once: failed).</summary>
    Failed,
}
