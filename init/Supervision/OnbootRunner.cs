namespace Pid1.Supervision;

/// <summary>Runs containers strictly one after another, each to completion (onboot at boot, onshutdown at shutdown).</summary>
internal sealed class OnbootRunner(EventLoop loop, Serilog.ILogger log)
{
    /// <summary>Runs each bundle in turn. At boot (<paramref name="stopOnShutdown"/>) a shutdown request ends
    /// the run early and returns false; the onshutdown containers run while one is pending, so they ignore it.</summary>
    public async Task<bool> RunAllAsync(IReadOnlyList<ContainerBundle> bundles, string kind, TimeSpan timeout, bool stopOnShutdown)
    {
        foreach (var bundle in bundles)
        {
            var run = loop.Start(bundle, out var error);
            if (run is null)
            {
                log.Error("{Kind} {Name}: FAILED: {Error}", kind, bundle.Name, error?.ToString() ?? "unknown");
                continue;
            }
            log.Information("{Kind} {Name}: started (pid {Pid})", kind, bundle.Name, run.Pid);
            var exited = await loop.WaitUntilAsync(() => run.Exited || (stopOnShutdown && loop.PendingShutdown is not null), timeout);
            if (!run.Exited)
            {
                if (exited) return false; // shutdown asked for: the shutdown sequence kills what is left
                log.Error("{Kind} {Name}: FAILED: still running after {Seconds} s, killing it", kind, bundle.Name, timeout.TotalSeconds);
                Linux.Native.Signal.kill(run.Pid, Linux.Native.Signal.SIGKILL);
                await loop.WaitUntilAsync(() => run.Exited, TimeSpan.FromSeconds(2));
                continue;
            }
            var status = run.Exit!.Value;
            if (status.Success) log.Information("{Kind} {Name}: {Status}", kind, bundle.Name, status.ToString());
            else log.Error("{Kind} {Name}: FAILED: {Status}", kind, bundle.Name, status.ToString());
        }
        return true;
    }
}
