using System.Runtime.InteropServices;
using System.Threading.Channels;
using Linux.Native;
using Microsoft.Extensions.Hosting;
using Pid1.Supervision;

namespace Pid1.Hosting;

/// <summary>
/// The host's lifetime for PID 1: the host never "exits"; signals become shutdown requests on the event
/// loop, in busybox's convention (poweroff sends SIGUSR2, reboot SIGTERM, halt SIGUSR1) plus SIGINT, which
/// the kernel sends for Ctrl-Alt-Del once we have turned CAD off. SIGCHLD is never registered: that would
/// switch on the runtime's own reaping and steal our children's statuses.
/// </summary>
internal sealed class Pid1Lifetime(ChannelWriter<InitEvent> events) : IHostLifetime, IDisposable
{
    private static readonly (int Signal, ShutdownKind Kind)[] Map =
    [
        (Signal.SIGUSR2, ShutdownKind.PowerOff),
        (Signal.SIGTERM, ShutdownKind.Reboot),
        (Signal.SIGUSR1, ShutdownKind.Halt),
        (Signal.SIGINT, ShutdownKind.Reboot),
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var (signal, kind) in Map)
        {
            var name = Signal.Name(signal);
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true; // PID 1 is not terminated by a signal; it shuts the machine down instead
                events.TryWrite(new ShutdownRequested(kind, name));
            }));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
    }
}
