using System.Threading.Channels;
using Linux;

namespace Pid1.Supervision;

/// <summary>
/// The one owner of init's mutable state: the table of running shims, the pending shutdown request and
/// whether any child is left. Only the boot flow touches it, one step at a time, so there are no locks.
/// Why an exit cannot race its registration: spawning happens here, on the loop's own flow, and the pid
/// is entered in the table before the loop reads its next event. The reaper may well collect the child
/// before posix_spawn has even returned, but its report waits in the channel until the registration is done.
/// </summary>
internal sealed class EventLoop
{
    private readonly Channel<InitEvent> _events = Channel.CreateUnbounded<InitEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<int, ContainerRun> _running = [];
    private readonly Dictionary<int, Action<ExitStatus>> _tracked = [];
    private readonly Dictionary<string, string?> _cgroups = new(StringComparer.Ordinal);
    /// <summary>How long an exited shim's output may take to drain before its exit is logged. The pipe
    /// normally reaches end-of-file at once (the container's pid namespace dies with it); the bound is for a
    /// `pid: host` grandchild holding the pipe open, which must not stall the loop. 500 ms proved too short
    /// on a loaded CI machine for the pump's thread-pool work to run.</summary>
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(2);

    private readonly Serilog.ILogger _log;
    private readonly ContainerLauncher _launcher;

    public EventLoop(Serilog.ILogger log, ContainerLauncher launcher)
    {
        _log = log;
        _launcher = launcher;
        Reaper = new Reaper(_events.Writer);
    }

    public Reaper Reaper { get; }

    public ChannelWriter<InitEvent> Events => _events.Writer;

    public ShutdownRequested? PendingShutdown { get; private set; }

    /// <summary>True once the reaper has found no child left and nothing was spawned since.</summary>
    public bool NoChildren { get; private set; }

    /// <summary>Starts a container's shim and registers it before any further event is read.</summary>
    public ContainerRun? Start(ContainerBundle bundle, out SysError? error, Action? onReady = null)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pid = _launcher.Start(bundle, gate.Task, out var output, out error, onReady);
        if (pid < 0) return null;
        if (!_cgroups.TryGetValue(bundle.Dir, out var cgroup))
        {
            _cgroups[bundle.Dir] = cgroup = ContainerCgroup.DirectoryOf(bundle, out var unknown);
            if (unknown is not null)
                _log.Warning("{Kind} {Name}: cgroup: {Error}; if its shim dies, what is left of the container is not killed", bundle.Label, bundle.Name, unknown.ToString());
        }
        var run = new ContainerRun(bundle, pid, output, gate) { CgroupDirectory = cgroup };
        _running[pid] = run;
        NoChildren = false;
        Reaper.NotifySpawned();
        return run;
    }

    /// <summary>Registers a child that is not a container (the onFailure shell); same no-race rule as Start.</summary>
    public void Track(int pid, Action<ExitStatus> onExit)
    {
        _tracked[pid] = onExit;
        NoChildren = false;
        Reaper.NotifySpawned();
    }

    /// <summary>Called from any thread when a service signals readiness: the state change happens on the loop.</summary>
    public void PostReadiness(Action onLoop) => _events.Writer.TryWrite(new ReadinessSignalled(onLoop));

    /// <summary>Runs <paramref name="onLoop"/> on the loop after <paramref name="delay"/>: timeouts are events.</summary>
    public void After(TimeSpan delay, Action onLoop) =>
        _ = Task.Delay(delay).ContinueWith(_ => _events.Writer.TryWrite(new TimerElapsed(onLoop)), TaskScheduler.Default);

    /// <summary>Handles events until <paramref name="done"/> holds; false if the timeout came first.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        using var cts = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        while (!done())
        {
            InitEvent ev;
            try { ev = await _events.Reader.ReadAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return done(); }
            await DispatchAsync(ev).ConfigureAwait(false);
        }
        return true;
    }

    private async Task EmptyAsync(ContainerRun run, string cgroup)
    {
        var who = run.Bundle.Label;
        var started = Environment.TickCount64;
        if (await ContainerCgroup.EmptyAsync(cgroup).ConfigureAwait(false) is { } error)
            _log.Error("{Kind} {Name}: its shim ended with the container still running: {Error}", who, run.Bundle.Name, error.ToString());
        else
            _log.Warning("{Kind} {Name}: its shim ended with the container still running: killed what was left in {Cgroup} ({Ms} ms)",
                who, run.Bundle.Name, cgroup, Environment.TickCount64 - started);
    }

    private async Task DispatchAsync(InitEvent ev)
    {
        switch (ev)
        {
            case ChildExited { Status: var status }:
                if (_running.Remove(status.Pid, out var run))
                {
                    // A shim that died first (SIGKILL, OOM) left its container running: end it before anything
                    // restarts it or goes on, or two instances run.
                    if (run.CgroupDirectory is { } cgroup && ContainerCgroup.IsPopulated(cgroup)) await EmptyAsync(run, cgroup).ConfigureAwait(false);
                    // The container's last lines come before the line saying how it ended.
                    run.ReleaseOutput();
                    await Task.WhenAny(run.Output, Task.Delay(OutputDrain)).ConfigureAwait(false);
                    run.Exit = status;
                    run.OnExit?.Invoke(run);
                }
                else if (_tracked.Remove(status.Pid, out var onExit)) onExit(status);
                else _log.Debug("reaped orphan pid {Pid}: {Status}", status.Pid, status.ToString());
                break;
            case NoChildrenLeft { Generation: var generation }:
                // A report from before the latest spawn says nothing about the child that spawn made.
                if (generation == Reaper.Generation) NoChildren = true;
                break;
            case TimerElapsed timer:
                timer.OnLoop();
                break;
            case ReadinessSignalled ready:
                ready.OnLoop();
                break;
            case ShutdownRequested request:
                PendingShutdown ??= request;
                break;
            case Control.ControlRequest control:
                control.Execute();
                break;
        }
    }
}
