using Pid1.Hosting;

namespace Pid1;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Multi-call: the kernel's module helper is this binary under another name, and has no stdio and no
        // business with Console or Hosting (Modprobe/ModprobeCommand.cs).
        if (Modprobe.ModprobeCommand.IsCalledAs(Environment.GetCommandLineArgs()[0])) return Modprobe.ModprobeCommand.Run(args);
        // First, before anything can touch Console: see ConsoleSetup for why.
        ConsoleSetup.UsePlainFdWriters();
        if (Environment.ProcessId != 1)
        {
            // Mounting, kill(-1) and reboot(2) are only safe for the first process of a (pid) namespace.
            Console.Error.WriteLine("init: must run as pid 1 (e.g. under unshare --pid --fork --mount); refusing to start");
            return 1;
        }
        Serilog.Core.Logger? log = null;
        var init = default(InitMain);
        try
        {
            log = InitLogging.Create(debug: Environment.GetEnvironmentVariable("init.debug") is not null);
            log.Information("init: starting (pid 1, kernel {Kernel}, boottime {Boot:F3} s)", Linux.Native.UtsName.Release() ?? "?", Linux.Native.Time.BootSeconds());
            init = new InitMain(log);
            init.RunAsync().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Panic.Handle(e, log, init?.Cmdline is { } c && c != KernelCmdline.Empty ? c : KernelCmdline.ReadProc());
        }
        // Reached after reboot(2) in a child pid namespace (it ends the namespace) or when reboot failed.
        Panic.StayAlive();
        return 0;
    }
}
