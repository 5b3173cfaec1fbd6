namespace Pid1.Supervision;

/// <summary>Where a service is in its life (STYLE.md point 4).</summary>
internal enum ServiceState
{
    Down,
    Starting,
    Up,
    Stopping,

    /// <summary>Ended on its own. This slice does not restart; a later one turns this row into Backoff.</summary>
    Exited,

    /// <summary>Could not be started (missing shim, broken bundle).</summary>
    Failed,
}
