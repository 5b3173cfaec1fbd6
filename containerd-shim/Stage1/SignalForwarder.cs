using System.Runtime.InteropServices;
using Linux;
using Linux.Native;

namespace Shim.Stage1;

/// <summary>Passes TERM, INT, HUP, QUIT, USR1 and USR2 (<see cref="Oci.ForwardedSignals"/>) on to the container. PosixSignalRegistration
/// is safe in a process that is not PID 1; SIGCHLD is never registered, so the runtime never reaps
/// our child before our waitid does. A signal our parent ignored (nohup, a background job of a
/// script) is forwarded too, as runc does: execve keeps SIG_IGN, and .NET leaves an ignored signal
/// ignored, so it is put back to SIG_DFL before its registration.</summary>
internal sealed class SignalForwarder : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile int _pid;
    private volatile int _pending;

    public SignalForwarder()
    {
        foreach (var (_, sig) in Oci.ForwardedSignals.All)
        {
            Signal.UnignoreSignal(sig);
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)sig, Forward));
        }
    }

    /// <summary>SIGINT and SIGQUIT are different: the runtime decides at its start whether it handles
    /// them, and skips them for good when they arrived ignored, so no later reset helps. The verbs that
    /// forward signals (run, exec) call this first: when either arrived ignored, both go back to SIG_DFL
    /// and the shim execs itself again, so the new runtime starts with them at their default.</summary>
    public static unsafe void RestartIfStartedIgnoring(string[] args)
    {
        var ignored = Signal.UnignoreSignal(Signal.SIGINT) | Signal.UnignoreSignal(Signal.SIGQUIT);
        if (!ignored) return;
        using var strings = new NativeStrings();
        var file = strings.Add("/proc/self/exe");
        var argv = strings.AddArray([Environment.GetCommandLineArgs()[0], .. args]);
        var envp = strings.AddArray(ChildSpawner.CurrentEnvironment());
        Unistd.execve(file, argv, envp);
        Stderr.WriteLine($"containerd-shim: warning: {SysError.Last("exec /proc/self/exe to forward SIGINT and SIGQUIT")}; they now end the shim");
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
