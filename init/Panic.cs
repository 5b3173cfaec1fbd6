using Linux;
using Pid1.Shutdown;
using Pid1.Supervision;

namespace Pid1;

/// <summary>
/// What PID 1 does when something it did not expect happens. Returning from Main or letting an exception
/// escape would panic the kernel with nothing useful on the console, so: log the failure with its stack,
/// sync, and power off, or, with <c>debug</c> on the kernel command line, offer a shell on the console.
/// </summary>
internal static class Panic
{
    public static void Handle(Exception e, Serilog.ILogger? log, KernelCmdline cmdline)
    {
        // The logger itself may be what failed (its type initialisers, the console): fall back to stderr.
        // The message is a resource key in the trimmed build: say it by errno (ExceptionErrno.Describe).
        try { log?.Fatal(e, "init: FATAL: {Message}", ExceptionErrno.Describe(e)); }
        catch (Exception) { log = null; }
        if (log is null) Console.Error.WriteLine($"init: FATAL: {e}");
        Linux.Native.Reboot.sync();
        if (cmdline.Debug) DebugShell(log);
        else ShutdownSequence.PowerDown(ShutdownKind.PowerOff, log);
    }

    /// <summary>PID 1 must not return: park the main thread for good.</summary>
    public static void StayAlive()
    {
        while (true) Thread.Sleep(Timeout.Infinite);
    }

    private static void DebugShell(Serilog.ILogger? log)
    {
        const string shell = "/bin/sh", console = "/dev/console";
        if (!File.Exists(shell) || !File.Exists(console))
        {
            Write(log, $"init: debug: no {shell} or {console}; staying alive");
            return;
        }
        var fd = Linux.Native.Fcntl.open(console, Linux.Native.Fcntl.O_RDWR | Linux.Native.Fcntl.O_CLOEXEC, 0);
        if (fd < 0)
        {
            Write(log, $"init: debug: {SysError.Last("open " + console)}; staying alive");
            return;
        }
        var pid = ChildSpawner.Start(new SpawnRequest { Path = shell, Args = [shell], Fds = [(fd, 0), (fd, 1), (fd, 2)] }, out var error);
        Write(log, pid > 0 ? $"init: debug: shell on {console} (pid {pid})" : $"init: debug: {error}; staying alive");
    }

    private static void Write(Serilog.ILogger? log, string line)
    {
        if (log is not null) log.Warning(line);
        else Console.Error.WriteLine(line);
    }
}
