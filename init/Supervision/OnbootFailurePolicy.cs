using Linux;

namespace Pid1.Supervision;

/// <summary>
/// What a failed onboot container's <c>onFailure</c> asks for: <c>continue</c> (LinuxKit's behaviour),
/// <c>poweroff</c> (posted as a shutdown request, so the ordinary shutdown sequence runs), or <c>shell</c>:
/// /bin/sh on /dev/console from the image root, and the boot goes on when it exits.
/// </summary>
internal sealed class OnbootFailurePolicy(EventLoop loop, Serilog.ILogger log)
{
    public const string Shell = "/bin/sh";

    /// <summary>False when the boot must not go on.</summary>
    public async Task<bool> ApplyAsync(Oci.InitPolicyOnFailure onFailure, string kind, string name)
    {
        switch (onFailure)
        {
            case Oci.InitPolicyOnFailure.Poweroff:
                log.Error("{Kind} {Name}: onFailure is poweroff: powering off", kind, name);
                loop.Events.TryWrite(new ShutdownRequested(ShutdownKind.PowerOff, $"{kind} {name} failing"));
                return false;
            case Oci.InitPolicyOnFailure.Shell:
                await RunShellAsync(kind, name);
                return true;
            default:
                return true;
        }
    }

    private async Task RunShellAsync(string kind, string name)
    {
        if (!File.Exists(Shell))
        {
            log.Error("{Kind} {Name}: onFailure is shell, but the image has no {Shell}: going on with the boot", kind, name, Shell);
            return;
        }
        // O_NOCTTY: PID 1 must never get a controlling terminal, or a Ctrl-C there would signal it.
        var console = Linux.Native.Fcntl.open("/dev/console", Linux.Native.Fcntl.O_RDWR | Linux.Native.Fcntl.O_NOCTTY, 0);
        if (console < 0)
        {
            log.Error("{Kind} {Name}: onFailure is shell: {Error}", kind, name, SysError.Last("open /dev/console").ToString());
            return;
        }
        var pid = ChildSpawner.Start(new SpawnRequest { Path = Shell, Args = ["-sh"], Fds = [(console, 0), (console, 1), (console, 2)] }, out var error);
        Linux.Native.Fcntl.close(console);
        if (pid < 0)
        {
            log.Error("{Kind} {Name}: onFailure is shell: {Error}", kind, name, error?.ToString() ?? "unknown");
            return;
        }
        ExitStatus? status = null;
        loop.Track(pid, s => status = s);
        log.Information("{Kind} {Name}: onFailure is shell: {Shell} on /dev/console (pid {Pid}); the boot goes on when it exits", kind, name, Shell, pid);
        await loop.WaitUntilAsync(() => status is not null || loop.PendingShutdown is not null, Timeout.InfiniteTimeSpan);
    }
}
