using Linux;
using Pid1.Supervision;

namespace Pid1.Scripts;

/// <summary>
/// LinuxKit's <c>/etc/init.d/*</c> (after the boot stages, before onboot) and <c>/etc/shutdown.d/*</c> (first
/// thing at shutdown): what <c>init:</c> images put there runs as rc.init runs it, each executable file in name
/// order, one at a time, stdin /dev/null, stdout and stderr to the console as <c>init.d/NAME | line</c> (and
/// /var/log/init.d/NAME.log). rc.init waits for each script without a bound and asks them not to block; one
/// that blocks anyway must not stop the machine, so each gets <see cref="BootBound"/> (at shutdown
/// <see cref="ShutdownBound"/>): a script still running then is logged and left running (it may be a daemon
/// that forgot to detach; killing it would be a surprise), the next one starts, and its exit is logged
/// whenever it comes. At shutdown the TERM and KILL to every process end what is left.
/// </summary>
internal sealed class ScriptDirectory(EventLoop loop, Serilog.ILogger log)
{
    public const string InitDir = "/etc/init.d";
    public const string ShutdownDir = "/etc/shutdown.d";
    public static readonly TimeSpan BootBound = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

    /// <summary>init itself has only HOME and TERM (the kernel's); a shell script wants a PATH.</summary>
    private static readonly string[] Environment =
        ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/", "TERM=linux"];

    /// <summary>Runs the directory's scripts; returns at once (and silently) when there are none. With
    /// <paramref name="stopOnShutdown"/>, a shutdown request ends the run before the next script.</summary>
    public async Task RunAllAsync(string dir, TimeSpan bound, bool stopOnShutdown)
    {
        var kind = Path.GetFileName(dir);
        var (scripts, skipped) = ScriptSelection.Of(ScriptSelection.Read(dir));
        foreach (var (name, reason) in skipped) log.Warning("{Kind}: skipping {Name}: {Reason}", kind, name, reason);
        if (scripts.Count == 0) return;
        log.Information("{Kind}: running {Count} scripts from {Dir}", kind, scripts.Count, dir);
        Directory.CreateDirectory(Path.Combine(OutputPump.LogDir, kind));
        foreach (var name in scripts)
        {
            if (stopOnShutdown && loop.PendingShutdown is not null) return;
            await RunOneAsync(kind, Path.Combine(dir, name), name, bound, stopOnShutdown);
        }
    }

    private async Task RunOneAsync(string kind, string path, string name, TimeSpan bound, bool stopOnShutdown)
    {
        if (Pipe.Create($"{kind} {name} output", out var error) is not { } output)
        {
            log.Error("{Kind}: {Name}: {Error}", kind, name, error!.ToString());
            return;
        }
        var request = new SpawnRequest
        {
            Path = path, Args = [path], Env = Environment, WorkingDirectory = "/",
            Fds = [(output.Write, 1), (output.Write, 2)],
        };
        var pid = ChildSpawner.Start(request, out error);
        Linux.Native.Fcntl.close(output.Write);
        if (pid < 0)
        {
            Linux.Native.Fcntl.close(output.Read);
            log.Error("{Kind}: {Name}: {Error}", kind, name, error!.ToString());
            return;
        }
        // Callbacks run inside the loop's waits, on this flow: no lock needed for the two locals.
        ExitStatus? status = null;
        var waiting = true;
        loop.Track(pid, s =>
        {
            status = s;
            if (!waiting) LogExit(kind, name, s);
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = OutputPump.Start(output.Read, $"{kind}/{name}", log, gate.Task);
        log.Information("{Kind}: {Name} started (pid {Pid})", kind, name, pid);
        gate.SetResult();
        var done = await loop.WaitUntilAsync(() => status is not null || (stopOnShutdown && loop.PendingShutdown is not null), bound);
        waiting = false;
        if (status is { } ended)
        {
            // Its last lines before its exit line: the pipe ends with the script unless a child it left
            // behind holds it open, so the wait is bounded.
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromMilliseconds(500)));
            LogExit(kind, name, ended);
        }
        else if (!done) log.Warning("{Kind}: {Name} still running after {Seconds:F0} s: left running, going on", kind, name, bound.TotalSeconds);
    }

    private void LogExit(string kind, string name, ExitStatus status)
    {
        if (status.Success) log.Information("{Kind}: {Name} {Status}", kind, name, status.ToString());
        else log.Warning("{Kind}: {Name} {Status}", kind, name, status.ToString());
    }
}
