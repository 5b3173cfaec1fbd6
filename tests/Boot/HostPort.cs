using System.Net;
using System.Net.Sockets;

namespace Tests.Boot;

/// <summary>The host side of a QEMU port forward (<c>hostfwd</c>, <c>./build.sh run --publish</c>).</summary>
internal static class HostPort
{
    /// <summary>A loopback port nothing listens on, for QEMU to forward.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Tries <paramref name="attempt"/> every 500 ms until it answers (non-null) or <paramref name="cancel"/>
    /// ends: QEMU accepts on the host port before the guest listens and then closes the connection without
    /// data, so a refused, reset or empty connection means "not yet".
    /// </summary>
    public static string Retry(Func<string?> attempt, CancellationToken cancel, HostPortTrace? trace = null)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                if (attempt() is { } answer)
                {
                    trace?.Add("answered: " + answer.Replace("\r", "\\r").Replace("\n", "\\n"));
                    return answer;
                }
                trace?.Add("closed without an answer, or not ready yet");
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                // QEMU not up yet, or the guest reset the forwarded connection: try again.
                trace?.Add($"{e.GetType().Name}: {e.Message}");
            }
            Thread.Sleep(500);
        }
        return "(no answer before the deadline)";
    }
}
