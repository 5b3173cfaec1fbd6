namespace Pid1.Supervision;

/// <summary>What can happen to a service. Timeouts are events too: the loop posts them when a grace period ends.</summary>
internal enum ServiceEvent
{
    Start,
    Spawned,
    SpawnFailed,
    Exited,
    StopRequested,
    Timeout,
}
