using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tests.Common;

/// <summary>
/// A metadata service for tests on a loopback port: EC2-style paths answered as given, GCP-style paths
/// (under /computeMetadata/) only with <c>Metadata-Flavor: Google</c> (403 without, as GCP does) and
/// with that header in the answer; anything else 404. <see cref="Silent"/> accepts connections and
/// never answers (a service that hangs). Every request's path is kept in <see cref="Requests"/>.
/// </summary>
internal sealed class MetadataServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _held = [];

    public MetadataServer(IReadOnlyDictionary<string, string> routes, bool silent = false)
    {
        Routes = routes;
        Silent = silent;
        _listener.Start();
        // Threads of its own, not the thread pool: the tests block pool threads, and a starved pool would
        // make this server late, which the client under test would rightly call a timeout.
        new Thread(AcceptLoop) { IsBackground = true, Name = "metadata-server" }.Start();
    }

    public IReadOnlyDictionary<string, string> Routes { get; }
    public bool Silent { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<string> Requests { get; } = new();

    private void AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            new Thread(() => Serve(client)) { IsBackground = true }.Start();
        }
    }

    private void Serve(Socket client)
    {
        try
        {
            var head = new StringBuilder();
            var buffer = new byte[4096];
            client.ReceiveTimeout = 10000;
            while (!head.ToString().Contains("\r\n\r\n"))
            {
                var n = client.Receive(buffer);
                if (n == 0) break;
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            var lines = head.ToString().Split("\r\n");
            var path = lines[0].Split(' ') is { Length: >= 2 } parts ? parts[1] : "";
            Requests.Enqueue(path);
            if (Silent)
            {
                _held.Add(client); // kept open, never answered, closed on dispose
                return;
            }
            var google = path.StartsWith("/computeMetadata/", StringComparison.Ordinal);
            var flavored = lines.Any(l => l.Equals("Metadata-Flavor: Google", StringComparison.OrdinalIgnoreCase));
            var (status, body) = google && !flavored ? ("403 Forbidden", "Missing Metadata-Flavor:Google header.")
                : Routes.TryGetValue(path, out var b) ? ("200 OK", b) : ("404 Not Found", "not found");
            var bytes = Encoding.UTF8.GetBytes(body);
            var answer = $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\n"
                + (google ? "Metadata-Flavor: Google\r\n" : "") + "Connection: close\r\n\r\n";
            client.Send(Encoding.ASCII.GetBytes(answer).Concat(bytes).ToArray());
            client.Shutdown(SocketShutdown.Both);
            client.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            client.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var s in _held) s.Dispose();
    }
}
