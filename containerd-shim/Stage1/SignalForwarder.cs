using System.Runtime.InteropServices;
using Linux.Native;

namespace Shim.Stage1;

/// <summary>Passes TERM, INT, HUP, QUIT, USR1 and USR2 on to the container. PosixSignalRegistration
/// is safe in a process that is not PID 1; SIGCHLD is never registered, so the runtime never reaps
/// our child before our waitid does.</summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly int[] Forwarded =
        [Signal.SIGTERM, Signal.SIGINT, Signal.SIGHUP, Signal.SIGQUIT, Signal.SIGUSR1, Signal.SIGUSR2];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile int _pid;
    private volatile int _pending;

    public SignalForwarder()
    {
        foreach (var sig in Forwarded)
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)sig, Forward));
    }

    /// <summary>A signal that came before stage 2 existed (the last one) is delivered now, so a stop
    /// request during the start is not lost (stage 2 ends on it if it has not exec'ed yet).</summary>
    public void Target(int pid)
    {
        _pid = pid;
        var pending = Interlocked.Exchange(ref _pending, 0);
        if (pending != 0) Signal.kill(pid, pending);
    }

    private void Forward(PosixSignalContext context)
    {
        context.Cancel = true;
        var pid = _pid;
        if (pid > 0) Signal.kill(pid, (int)context.Signal);
        else _pending = (int)context.Signal;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
