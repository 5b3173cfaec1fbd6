namespace Pid1.Supervision;

/// <summary>What the event loop must do after a transition; the transition itself does nothing.</summary>
internal enum ServiceEffect
{
    Spawn,
    LogStarted,
    LogSpawnFailed,
    LogExited,
    SendTerm,
    SendKill,
}
