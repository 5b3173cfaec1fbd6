using Linux;

namespace Pid1.Supervision;

/// <summary>Runs containers strictly one after another, each to completion (onboot at boot, onshutdown at
/// shutdown), each with its own timeout and failure policy from the builder.</summary>
internal sealed class OnbootRunner(EventLoop loop, Serilog.ILogger log)
{
    /// <summary>Runs each bundle in turn. At boot (<paramref name="stopOnShutdown"/>) a shutdown request ends
    /// the run early and returns false, as does <c>onFailure: poweroff</c>; the onshutdown containers run while
    /// a shutdown is pending, so they ignore it. <paramref name="defaultTimeout"/> applies where the YAML gave none.</summary>
    public async Task<bool> RunAllAsync(IReadOnlyList<ContainerBundle> bundles, string kind, TimeSpan defaultTimeout, bool stopOnShutdown)
    {
        foreach (var bundle in bundles)
        {
            var policy = bundle.LoadPolicy(out var problem);
            if (problem is not null) log.Warning("{Kind} {Name}: {Problem}", kind, bundle.Name, problem);
            var timeout = policy.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(policy.TimeoutMs) : defaultTimeout;
            var failure = await RunOneAsync(bundle, kind, timeout, stopOnShutdown);
            if (failure is null) continue;
            if (failure == "") return false; // shutdown asked for: the shutdown sequence kills what is left
            log.Error("{Kind} {Name}: FAILED: {Failure} *****", kind, bundle.Name, failure);
            if (stopOnShutdown && !await new OnbootFailurePolicy(loop, log).ApplyAsync(policy.OnFailure, kind, bundle.Name)) return false;
        }
        return true;
    }

    /// <summary>Null on success, "" when a shutdown interrupted it, else what went wrong.</summary>
    private async Task<string?> RunOneAsync(ContainerBundle bundle, string kind, TimeSpan timeout, bool stopOnShutdown)
    {
        var run = loop.Start(bundle, out var error);
        if (run is null) return error?.ToString() ?? "unknown";
        log.Information("{Kind} {Name}: started (pid {Pid})", kind, bundle.Name, run.Pid);
        run.ReleaseOutput();
        var ended = await loop.WaitUntilAsync(() => run.Exited || (stopOnShutdown && loop.PendingShutdown is not null), timeout);
        if (!run.Exited)
        {
            if (ended) return "";
            ContainerKiller.Kill(run.Pid);
            await loop.WaitUntilAsync(() => run.Exited, TimeSpan.FromSeconds(2));
            return $"still running after {timeout.TotalSeconds} s: killed it";
        }
        var status = run.Exit!.Value;
        if (!status.Success) return status.ToString();
        log.Information("{Kind} {Name}: {Status}", kind, bundle.Name, status.ToString());
        return null;
    }
}
