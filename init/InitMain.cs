using Linux.Native;
using Microsoft.Extensions.Hosting;
using Pid1.Boot;
using Pid1.Hosting;
using Pid1.Shutdown;
using Pid1.Supervision;

namespace Pid1;

/// <summary>PID 1's life, top to bottom: host up, boot stages, /etc/init.d, onboot containers, services, then wait for a shutdown.</summary>
internal sealed class InitMain(Serilog.Core.Logger log)
{
    public KernelCmdline Cmdline { get; private set; } = KernelCmdline.Empty;

    public async Task RunAsync()
    {
        var loop = new EventLoop(log, new ContainerLauncher(log));
        using var host = InitHost.Build(log, loop.Events, out var hostMs);
        await host.StartAsync();
        log.Information("init: host started in {Ms:F0} ms", hostMs);
        // With CAD off, Ctrl-Alt-Del reaches us as SIGINT instead of an immediate kernel reboot.
        if (Reboot.reboot(Reboot.LINUX_REBOOT_CMD_CAD_OFF) != 0) log.Debug("init: CAD off: {Errno}", Linux.Errno.Last.ToString());
        loop.Reaper.Start();

        var context = new BootContext(log);
        BootRunner.Run(BootSequence.Stages, context);
        Cmdline = context.Cmdline;

        var services = new ServiceSupervisor(loop, log);
        Logs.InitLogTee.Start();
        new Control.ControlServer(loop.Events, new Control.ControlCommands(services, loop.Events), log).Start();
        new Power.PowerButtonWatcher(loop.Events, log).Start();
        await new Scripts.ScriptDirectory(loop, log).RunAllAsync(Scripts.ScriptDirectory.InitDir, Scripts.ScriptDirectory.BootBound, stopOnShutdown: true);
        if (await new OnbootRunner(loop, services, log).RunAllAsync(ContainerBundle.Discover(Oci.ImagePaths.Onboot), Oci.ImagePaths.Onboot, Timeout.InfiniteTimeSpan, stopOnShutdown: true))
        {
            log.Information("boot: onboot done (boottime {Boot:F3} s)", Linux.Native.Time.BootSeconds());
            foreach (var bundle in ContainerBundle.Discover(Oci.ImagePaths.Services)) services.Add(bundle);
            log.Information("boot: services started (boottime {Boot:F3} s)", Linux.Native.Time.BootSeconds());
        }
        await loop.WaitUntilAsync(() => loop.PendingShutdown is not null, Timeout.InfiniteTimeSpan);
        await new ShutdownSequence(loop, services, log).RunAsync(loop.PendingShutdown!);
    }
}
