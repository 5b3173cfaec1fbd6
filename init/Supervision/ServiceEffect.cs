namespace Pid1.Supervision;

/// <summary>What the event loop must do after a transition; the transition itself does nothing.</summary>
internal enum ServiceEffect
{
    Spawn,
    LogStarted,
    LogReady,
    LogSpawnFailed,
    LogExited,
    LogGaveUp,
    ArmBackoff,
    ArmStopTimer,
    CancelTimer,
    SendStop,
    SendKill,
    StartDependents,
}
