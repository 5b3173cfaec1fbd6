namespace Pid1.Supervision;

/// <summary>What the restart policy says about a service that just ended or failed to start
/// (<see cref="RestartBudget"/> decides; the transition table only follows it).</summary>
internal enum ExitPlan
{
    /// <summary>Start it again after the backoff delay.</summary>
    Restart,

    /// <summary>The burst limit is reached: mark it Failed, loudly.</summary>
    GiveUp,

    /// <summary>The policy (never, on-failure after success, shutdown) says leave it down.</summary>
    Stay,
}
