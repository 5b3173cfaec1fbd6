using Linux.Native;

namespace Pid1.Supervision;

/// <summary>Carries out one effect of a transition for the supervisor. What leads to a new event (a spawn's
/// outcome, an exit, a timer, readiness) is posted to the supervisor's queue, never applied from here.
/// Timers carry the service's timer token, so one that was cancelled (by an exit, a stop) does nothing.</summary>
internal readonly struct ServiceEffects(ServiceSupervisor supervisor, EventLoop loop, Serilog.ILogger log)
{
    public void Carry(Service s, ServiceEffect effect)
    {
        switch (effect)
        {
            case ServiceEffect.Spawn: Spawn(s); break;
            case ServiceEffect.ResetBudget: s.Budget.Reset(); break;
            case ServiceEffect.LogWaiting: log.Information("{Kind} {Name}: waiting for {After}", s.Label, s.Name, string.Join(", ", s.Policy.After)); break;
            case ServiceEffect.LogDependencyFailed:
                log.Error("{Kind} {Name}: not started: onboot {Failed} did not succeed (after: {After})",
                    s.Label, s.Name, string.Join(", ", supervisor.FailedOnboot(s)), string.Join(", ", s.Policy.After));
                break;
            case ServiceEffect.LogStarted:
                log.Information("{Kind} {Name}: started (pid {Pid})", s.Label, s.Name, s.Run!.Pid);
                s.Run.ReleaseOutput();
                break;
            case ServiceEffect.LogReady: log.Information("{Kind} {Name}: ready", s.Label, s.Name); break;
            case ServiceEffect.LogSpawnFailed:
                if (s.RunOnce) log.Error("{Kind} {Name}: FAILED: {Failure} *****", s.Label, s.Name, s.LastError?.ToString() ?? "unknown");
                else log.Error("{Kind} {Name}: FAILED to start: {Error}", s.Label, s.Name, s.LastError?.ToString() ?? "unknown");
                break;
            case ServiceEffect.LogExited:
                log.Information("{Kind} {Name}: {Status}", s.Label, s.Name, s.Run?.Exit?.ToString() ?? "exited");
                break;
            case ServiceEffect.LogFailed:
                log.Error("{Kind} {Name}: FAILED: {Failure} *****", s.Label, s.Name, s.Run?.Exit?.ToString() ?? "exited");
                break;
            case ServiceEffect.LogGaveUp:
                log.Error("{Kind} {Name}: FAILED: restarted {Count} times in {Window} s, giving up",
                    s.Label, s.Name, s.Policy.RestartLimit, s.Policy.RestartWindowMs / 1000.0);
                break;
            case ServiceEffect.LogStillRunning:
                log.Warning("{Kind} {Name}: still running {Seconds} s after {Signal}: sending SIGKILL to the container",
                    s.Label, s.Name, s.Policy.StopTimeoutMs / 1000.0, Signal.Name(s.Policy.StopSignal));
                break;
            case ServiceEffect.LogTimedOut:
                log.Error("{Kind} {Name}: FAILED: still running after {Seconds} s: killed it *****", s.Label, s.Name, s.RunTimeoutMs / 1000.0);
                break;
            case ServiceEffect.ArmBackoff:
                log.Information("{Kind} {Name}: restarting in {Delay} s (restart {Count})", s.Label, s.Name, s.Budget.DelayMs / 1000.0, s.Budget.Restarts);
                Arm(s, s.Budget.DelayMs);
                break;
            case ServiceEffect.ArmStopTimer: Arm(s, s.Policy.StopTimeoutMs); break;
            case ServiceEffect.ArmRunTimer:
                if (s.RunTimeoutMs > 0) Arm(s, s.RunTimeoutMs);
                break;
            case ServiceEffect.CancelTimer: s.TimerToken++; break;
            case ServiceEffect.SendStop: Signal.kill(s.Run!.Pid, s.Policy.StopSignal); break;
            case ServiceEffect.SendKill: ContainerKiller.Kill(s.Run!.Pid); break;
            case ServiceEffect.StartDependents: supervisor.StartDependents(); break;
        }
    }

    private void Spawn(Service s)
    {
        // A failed spawn counts as a run of no length too, so repeated failures back off and hit the limit.
        s.Budget.Started(Environment.TickCount64);
        ContainerRun? run = null;
        var (loop1, supervisor1) = (loop, supervisor);
        // Readiness arrives on a pipe reader's thread; the loop applies it only to the run it belongs to.
        Action? onReady = s.Policy.Readiness == Oci.InitPolicyReadiness.Fd
            ? () => loop1.PostReadiness(() => { if (run is { Exited: false } && s.Run == run) supervisor1.Post(s, ServiceEvent.Ready); })
            : null;
        s.Run = run = loop.Start(s.Bundle, out var error, onReady);
        s.LastError = error;
        if (s.Run is null)
        {
            supervisor.Post(s, ServiceEvent.SpawnFailed);
            return;
        }
        s.StartedAtMs = Environment.TickCount64;
        s.StartSeq = supervisor.NextStartSeq();
        s.Run.OnExit = ended =>
        {
            s.LastExit = ended.Exit;
            supervisor1.Post(s, ServiceEvent.Exited);
        };
        supervisor.Post(s, ServiceEvent.Spawned);
    }

    private void Arm(Service s, int ms)
    {
        var token = ++s.TimerToken;
        var supervisor1 = supervisor;
        loop.After(TimeSpan.FromMilliseconds(ms), () =>
        {
            if (s.TimerToken == token) supervisor1.Post(s, ServiceEvent.Timeout);
        });
    }
}
