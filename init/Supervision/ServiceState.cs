namespace Pid1.Supervision;

/// <summary>Where a service is in its life (docs/design.md, rule 4).</summary>
internal enum ServiceState
{
    Down,
    Starting,

    /// <summary>Running; it declared readiness and has not signalled it yet.</summary>
    Up,

    /// <summary>Running and ready (at once, for a service without readiness): its dependents may start.</summary>
    Ready,
    Stopping,

    /// <summary>Ended on its own; waiting out the restart delay (a timer) before the next start.</summary>
    Backoff,

    /// <summary>Ended on its own and its restart policy says not to start it again.</summary>
    Exited,

    /// <summary>Could not be started, or hit the burst limit: not restarted until asked to.</summary>
    Failed,
}
