using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Metadata.Providers;

/// <summary>An HTTP answer: status, headers (names lower-cased) and body.</summary>
internal sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A GET against a metadata service, one connection per request (<c>Connection: close</c>), each
/// bounded by <see cref="Timeout"/> from connect to the last byte, and all of them together by
/// <see cref="Budget"/> from this object's creation (one per provider run): a service that answers
/// the probe and then hangs costs a provider at most that. Our own few lines over a socket
/// rather than HttpClient: a metadata service is plain HTTP on a link-local address, the binary stays
/// small and static, and every failure maps to one short reason for the console (refused, unreachable,
/// no answer within N s, HTTP 404).
/// </summary>
internal sealed class MetadataHttp(IPAddress address, int port, TimeSpan timeout, TimeSpan? budget = null)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>All requests of one provider together (default three timeouts).</summary>
    public TimeSpan Budget { get; } = budget ?? 3 * timeout;

    /// <summary>EC2's, OpenStack's and GCP's metadata address (GCP's name metadata.google.internal resolves to it).</summary>
    public static readonly IPAddress LinkLocal = IPAddress.Parse("169.254.169.254");

    public TimeSpan Timeout { get; } = timeout;

    public string Base => port == 80 ? $"http://{address}" : $"http://{address}:{port}";

    /// <summary>The answer, or why there is none (<c>connection refused</c>, <c>no answer within 2 s</c>).</summary>
    public (HttpAnswer? Answer, string? Failure) Get(string path, string host, params (string Name, string Value)[] headers)
    {
        var left = Budget - _clock.Elapsed;
        // Less than a tenth of a second cannot be a fair try (and timers end a little early).
        if (left < TimeSpan.FromMilliseconds(100)) return (null, $"GET {Base}{path}: not tried: the provider's {Budget.TotalSeconds:0.#} s are used up");
        var limit = left < Timeout ? left : Timeout;
        try
        {
            return (Fetch(path, host, headers, DateTime.UtcNow + limit), null);
        }
        catch (TimeoutException)
        {
            return (null, $"GET {Base}{path}: no answer within {limit.TotalSeconds:0.#} s");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return (null, $"GET {Base}{path}: no answer within {limit.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return (null, $"GET {Base}{path}: {Reason(e.SocketErrorCode)}");
        }
        catch (InvalidDataException e)
        {
            return (null, $"GET {Base}{path}: {e.Message}");
        }
    }

    private static string Reason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.TimedOut => "timed out",
        _ => error.ToString(),
    };

    // Blocking calls with the time left as each one's timeout: no thread pool, no sync-over-async.
    private HttpAnswer Fetch(string path, string host, (string Name, string Value)[] headers, DateTime deadline)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var connect = socket.BeginConnect(new IPEndPoint(address, port), null, null);
        if (!connect.AsyncWaitHandle.WaitOne(Left(deadline))) throw new TimeoutException();
        socket.EndConnect(connect);
        var request = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nUser-Agent: cinit-metadata\r\n");
        foreach (var (name, value) in headers) request.Append($"{name}: {value}\r\n");
        request.Append("\r\n");
        socket.SendTimeout = Math.Max(1, (int)Left(deadline).TotalMilliseconds);
        socket.Send(Encoding.ASCII.GetBytes(request.ToString()));
        var raw = new MemoryStream();
        var buffer = new byte[16384];
        while (true)
        {
            // SO_RCVTIMEO is per call: set to what is left of the whole request each time.
            var left = Left(deadline);
            if (left <= TimeSpan.Zero) throw new TimeoutException();
            socket.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
            var n = socket.Receive(buffer);
            if (n == 0) break;
            raw.Write(buffer, 0, n);
            if (raw.Length > MaxAnswer) throw new InvalidDataException($"answer larger than {MaxAnswer >> 20} MiB");
            if (HttpParse.Complete(raw.GetBuffer().AsSpan(0, (int)raw.Length))) break;
        }
        return HttpParse.Answer(raw.ToArray());
    }

    private static TimeSpan Left(DateTime deadline) => deadline - DateTime.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;

    /// <summary>Userdata is at most 16 KiB on EC2, 256 KiB on GCP; 16 MiB is generous and still bounded.</summary>
    private const int MaxAnswer = 16 << 20;
}
