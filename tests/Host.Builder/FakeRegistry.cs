using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tests.HostBuilder;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 standing in for a misbehaving registry: each request (method,
/// path, headers) gets the answer the test's handler returns, one request per connection. It fakes
/// the registry only; the builder's client, cache and checks are the real ones.
/// </summary>
public sealed class FakeRegistry : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeRegistry(Func<FakeRequest, FakeResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public List<string> Requests { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await FakeRequest.ReadAsync(stream);
            if (request is null) return;
            lock (Requests) Requests.Add($"{request.Method} {request.Path}");
            var response = _handler(request);
            var reason = System.Text.RegularExpressions.Regex.Replace(((HttpStatusCode)response.Status).ToString(), "(?<=[a-z])(?=[A-Z])", " ");
            var head = new StringBuilder($"HTTP/1.1 {response.Status} {reason}\r\n");
            foreach (var (k, v) in response.Headers) head.Append($"{k}: {v}\r\n");
            head.Append($"Content-Length: {response.Body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            var sent = Math.Min(response.Body.Length, response.CloseAfter ?? int.MaxValue);
            if (request.Method != "HEAD") await stream.WriteAsync(response.Body.AsMemory(0, sent));
            await stream.FlushAsync();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends by cancellation.
        }
        _stop.Dispose();
    }
}
