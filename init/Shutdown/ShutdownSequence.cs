using Linux.Native;
using Pid1.Supervision;

namespace Pid1.Shutdown;

/// <summary>
/// The end of the machine, in order (LinuxKit's rc.shutdown, s6-linux-init): onshutdown containers, services
/// stopped last-started first with a grace period, TERM to everything left, KILL, sync, unmount, reboot(2).
/// One console line per step. The event loop keeps reaping throughout, so waits end as soon as children do.
/// </summary>
internal sealed class ShutdownSequence(EventLoop loop, ServiceSupervisor services, Serilog.ILogger log)
{
    private static readonly TimeSpan OnshutdownTimeout = TimeSpan.FromSeconds(30);
    /// <summary>Beyond a service's stopTimeout: how long its SIGKILL may take to show as an exit.</summary>
    private static readonly TimeSpan KillSlack = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(1);

    public async Task RunAsync(ShutdownRequested request)
    {
        log.Information("shutdown: {Kind} requested by {Signal}", KindName(request.Kind), request.Signal);
        await new Scripts.ScriptDirectory(loop, log).RunAllAsync(Scripts.ScriptDirectory.ShutdownDir, Scripts.ScriptDirectory.ShutdownBound, stopOnShutdown: false);
        var onshutdown = ContainerBundle.Discover(Oci.ImagePaths.Onshutdown);
        if (onshutdown.Count > 0)
        {
            log.Information("shutdown: running {Count} onshutdown containers", onshutdown.Count);
            await new OnbootRunner(loop, services, log).RunAllAsync(onshutdown, Oci.ImagePaths.Onshutdown, OnshutdownTimeout, stopOnShutdown: false);
        }
        log.Information("shutdown: stopping services");
        await StopServicesAsync();
        log.Information("shutdown: sending SIGTERM to all processes");
        Signal.kill(-1, Signal.SIGTERM);
        await loop.WaitUntilAsync(() => loop.NoChildren, TermGrace);
        log.Information("shutdown: sending SIGKILL to all processes");
        Signal.kill(-1, Signal.SIGKILL);
        await loop.WaitUntilAsync(() => loop.NoChildren, KillGrace);
        log.Information("shutdown: syncing filesystems");
        Reboot.sync();
        log.Information("shutdown: unmounting filesystems");
        foreach (var error in FilesystemUnmounter.UnmountAll(line => log.Information("shutdown: {Step}", line)))
            log.Warning("shutdown: {Error}", error.ToString());
        Final(request.Kind);
    }

    /// <summary><c>after</c> in reverse, a level at a time (<see cref="StopLevels"/>): every service of a level gets
    /// its stopSignal at once, and its own stop timer escalates to SIGKILL of the whole container at its
    /// stopTimeout (ServiceTransitions: Stopping + Timeout); the next level starts when this one is down.</summary>
    private async Task StopServicesAsync()
    {
        services.BeginShutdown();
        foreach (var level in services.StopOrder)
        {
            var running = level.Where(s => !ServiceTransitions.IsSettled(s.State)).ToList();
            foreach (var service in level) services.Stop(service.Name);
            if (running.Count == 0) continue;
            log.Information("shutdown: stopping {Names}", string.Join(", ", running.Select(s => s.Name)));
            var bound = TimeSpan.FromMilliseconds(running.Max(s => s.Policy.StopTimeoutMs)) + KillSlack;
            var reported = new HashSet<Service>();
            await loop.WaitUntilAsync(() =>
            {
                foreach (var s in running)
                    if (ServiceTransitions.IsSettled(s.State) && reported.Add(s)) log.Information("shutdown: service {Name} stopped", s.Name);
                return reported.Count == running.Count;
            }, bound);
            foreach (var s in running.Where(s => !reported.Contains(s)))
                log.Warning("shutdown: service {Name} did not end even after SIGKILL", s.Name);
        }
    }

    /// <summary>The last line, then reboot(2). Also used by the panic path.</summary>
    public static void PowerDown(ShutdownKind kind, Serilog.ILogger? log)
    {
        var (line, cmd) = kind switch
        {
            ShutdownKind.Reboot => ("shutdown: rebooting", Reboot.LINUX_REBOOT_CMD_RESTART),
            ShutdownKind.Halt => ("shutdown: halting", Reboot.LINUX_REBOOT_CMD_HALT),
            _ => ("shutdown: powering off", Reboot.LINUX_REBOOT_CMD_POWER_OFF),
        };
        if (log is not null) log.Information(line); else Console.Error.WriteLine(line);
        Reboot.sync();
        if (Reboot.reboot(cmd) != 0)
        {
            var message = $"shutdown: reboot(2) failed: {Linux.Errno.Last}";
            if (log is not null) log.Error(message); else Console.Error.WriteLine(message);
        }
    }

    private void Final(ShutdownKind kind) => PowerDown(kind, log);

    public static string KindName(ShutdownKind kind) => kind switch
    {
        ShutdownKind.Reboot => "reboot",
        ShutdownKind.Halt => "halt",
        _ => "poweroff",
    };
}
