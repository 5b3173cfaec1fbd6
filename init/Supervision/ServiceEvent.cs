namespace Pid1.Supervision;

/// <summary>What can happen to a service. Timeouts are events too: the loop posts them when a timer ends
/// (the restart delay in Backoff, the stop timeout in Stopping).</summary>
internal enum ServiceEvent
{
    Start,
    Spawned,
    SpawnFailed,
    Exited,
    Ready,
    StopRequested,
    Timeout,
}
