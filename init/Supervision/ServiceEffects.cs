using Linux.Native;

namespace Pid1.Supervision;

/// <summary>Carries out one effect of a transition for the supervisor. Timers post back into the loop and
/// carry the service's timer token, so one that was cancelled (by an exit, a stop) does nothing.</summary>
internal readonly struct ServiceEffects(ServiceSupervisor supervisor, EventLoop loop, Serilog.ILogger log)
{
    public void Carry(Service s, ServiceEffect effect)
    {
        switch (effect)
        {
            case ServiceEffect.Spawn: Spawn(s); break;
            case ServiceEffect.LogStarted:
                log.Information("service {Name}: started (pid {Pid})", s.Name, s.Run!.Pid);
                s.Run.ReleaseOutput();
                break;
            case ServiceEffect.LogReady: log.Information("service {Name}: ready", s.Name); break;
            case ServiceEffect.LogSpawnFailed:
                log.Error("service {Name}: FAILED to start: {Error}", s.Name, s.LastError?.ToString() ?? "unknown");
                break;
            case ServiceEffect.LogExited:
                log.Information("service {Name}: {Status}", s.Name, s.Run?.Exit?.ToString() ?? "exited");
                break;
            case ServiceEffect.LogGaveUp:
                log.Error("service {Name}: FAILED: restarted {Count} times in {Window} s, giving up",
                    s.Name, s.Policy.RestartLimit, s.Policy.RestartWindowMs / 1000.0);
                break;
            case ServiceEffect.ArmBackoff:
                log.Information("service {Name}: restarting in {Delay} s (restart {Count})", s.Name, s.Budget.DelayMs / 1000.0, s.Budget.Restarts);
                Arm(s, s.Budget.DelayMs);
                break;
            case ServiceEffect.ArmStopTimer: Arm(s, s.Policy.StopTimeoutMs); break;
            case ServiceEffect.CancelTimer: s.TimerToken++; break;
            case ServiceEffect.SendStop: Signal.kill(s.Run!.Pid, s.Policy.StopSignal); break;
            case ServiceEffect.SendKill:
                log.Warning("service {Name}: still running {Seconds} s after {Signal}: sending SIGKILL to the container",
                    s.Name, s.Policy.StopTimeoutMs / 1000.0, Signal.Name(s.Policy.StopSignal));
                ContainerKiller.Kill(s.Run!.Pid);
                break;
            case ServiceEffect.StartDependents: supervisor.StartDependents(); break;
        }
    }

    private void Spawn(Service s)
    {
        // A failed spawn counts as a run of no length too, so repeated failures back off and hit the limit.
        s.Budget.Started(Environment.TickCount64);
        ContainerRun? run = null;
        var (loop1, supervisor0) = (loop, supervisor);
        // Readiness arrives on a pipe reader's thread; the loop applies it only to the run it belongs to.
        Action? onReady = s.Policy.Readiness == "fd"
            ? () => loop1.PostReadiness(() => { if (run is { Exited: false } && s.Run == run) supervisor0.Apply(s, ServiceEvent.Ready); })
            : null;
        s.Run = run = loop.Start(s.Bundle, out var error, onReady);
        s.LastError = error;
        var supervisor1 = supervisor;
        if (s.Run is null)
        {
            supervisor.Apply(s, ServiceEvent.SpawnFailed);
            return;
        }
        s.StartedAtMs = Environment.TickCount64;
        s.StartSeq = supervisor.NextStartSeq();
        s.Run.OnExit = run =>
        {
            s.LastExit = run.Exit;
            supervisor1.Apply(s, ServiceEvent.Exited);
        };
        supervisor.Apply(s, ServiceEvent.Spawned);
        // LogStarted released it already; this keeps the output flowing whatever the table says.
        s.Run?.ReleaseOutput();
    }

    private void Arm(Service s, int ms)
    {
        var token = ++s.TimerToken;
        var supervisor1 = supervisor;
        loop.After(TimeSpan.FromMilliseconds(ms), () =>
        {
            if (s.TimerToken == token) supervisor1.Apply(s, ServiceEvent.Timeout);
        });
    }
}
