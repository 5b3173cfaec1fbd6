using Oci;

namespace Pid1.Supervision;

/// <summary>
/// One service's restart bookkeeping, on monotonic milliseconds passed in (so it is a plain unit under test):
/// the backoff delay starts at restartDelay and doubles per restart up to restartMaxDelay; a run that
/// stayed up for <see cref="StableMs"/> resets it (the crash was not part of a loop). The burst limit counts
/// restarts within restartWindow: one more exit past restartLimit gives up.
/// </summary>
internal sealed class RestartBudget(InitPolicy policy)
{
    /// <summary>10 s, as s6's default for "the service did not die at once" (its 1 s throttle is stricter).</summary>
    public const long StableMs = 10_000;

    private readonly Queue<long> _restarts = new();
    private long _startedAt;
    private int _nextDelayMs = policy.RestartDelayMs;

    public int Restarts { get; private set; }

    /// <summary>The delay the last <see cref="Plan"/> with Restart chose.</summary>
    public int DelayMs { get; private set; }

    public void Started(long nowMs) => _startedAt = nowMs;

    /// <summary>A manual start forgets the past, so a Failed service gets a fresh budget.</summary>
    public void Reset()
    {
        _restarts.Clear();
        _nextDelayMs = policy.RestartDelayMs;
    }

    public ExitPlan Plan(bool success, long nowMs)
    {
        if (policy.Restart == InitPolicyRestart.Never || (policy.Restart == InitPolicyRestart.OnFailure && success)) return ExitPlan.Stay;
        if (nowMs - _startedAt >= StableMs) _nextDelayMs = policy.RestartDelayMs;
        while (_restarts.Count > 0 && nowMs - _restarts.Peek() > policy.RestartWindowMs) _restarts.Dequeue();
        if (_restarts.Count >= policy.RestartLimit) return ExitPlan.GiveUp;
        _restarts.Enqueue(nowMs);
        Restarts++;
        DelayMs = _nextDelayMs;
        _nextDelayMs = (int)Math.Min((long)_nextDelayMs * 2, policy.RestartMaxDelayMs);
        return ExitPlan.Restart;
    }
}
