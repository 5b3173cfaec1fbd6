namespace Pid1.Supervision;

/// <summary>Runs containers strictly one after another, each to completion (onboot at boot, onshutdown at
/// shutdown), each with its own timeout and failure policy from the builder. Each run goes through the
/// supervision table like a service (Start, Spawned, Running, then Exited or Failed; Timeout kills it).</summary>
internal sealed class OnbootRunner(EventLoop loop, ServiceSupervisor supervisor, Serilog.ILogger log)
{
    /// <summary>Runs each bundle in turn. At boot (<paramref name="stopOnShutdown"/>) a shutdown request ends
    /// the run early and returns false, as does <c>onFailure: poweroff</c>; the onshutdown containers run while
    /// a shutdown is pending, so they ignore it. <paramref name="defaultTimeout"/> applies where the YAML gave none.</summary>
    public async Task<bool> RunAllAsync(IReadOnlyList<ContainerBundle> bundles, string kind, TimeSpan defaultTimeout, bool stopOnShutdown)
    {
        foreach (var bundle in bundles)
        {
            var policy = bundle.LoadPolicy(out var problem);
            if (problem is not null) log.Warning("{Kind} {Name}: {Problem}; using defaults", kind, bundle.Name, problem.ToString());
            var timeoutMs = policy.TimeoutMs > 0 ? policy.TimeoutMs : defaultTimeout == Timeout.InfiniteTimeSpan ? 0 : (int)defaultTimeout.TotalMilliseconds;
            var run = new Service(bundle, policy) { RunOnce = true, RunTimeoutMs = timeoutMs };
            supervisor.Post(run, ServiceEvent.Start);
            await loop.WaitUntilAsync(() => ServiceTransitions.IsFinished(run.State) || (stopOnShutdown && loop.PendingShutdown is not null), Timeout.InfiniteTimeSpan);
            // A shutdown asked for: the shutdown sequence kills what is left.
            if (!ServiceTransitions.IsFinished(run.State)) return false;
            if (stopOnShutdown) supervisor.RecordOnboot(bundle.Name, run.State == ServiceState.Exited);
            if (run.State == ServiceState.Failed && stopOnShutdown && !await new OnbootFailurePolicy(loop, log).ApplyAsync(policy.OnFailure, kind, bundle.Name))
                return false;
        }
        return true;
    }
}
