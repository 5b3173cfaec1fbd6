namespace Pid1.Supervision;

/// <summary>What the event loop must do after a transition; the transition itself does nothing. An effect
/// that leads to a new event (a spawn, a dependent to start) posts it; it never applies it itself.</summary>
internal enum ServiceEffect
{
    Spawn,
    ResetBudget,
    LogWaiting,

    /// <summary>The ERR line naming the failed onboot containers it was after.</summary>
    LogDependencyFailed,
    LogStarted,
    LogReady,
    LogSpawnFailed,
    LogExited,

    /// <summary>A run-once container ended unsuccessfully.</summary>
    LogFailed,
    LogGaveUp,
    LogStillRunning,

    /// <summary>A run-once container is past its timeout.</summary>
    LogTimedOut,
    ArmBackoff,
    ArmStopTimer,

    /// <summary>A run-once container's timeout, when it has one.</summary>
    ArmRunTimer,
    CancelTimer,
    SendStop,
    SendKill,
    StartDependents,
}
