using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tests.Boot;

/// <summary>The host talking to a guest's redis through a forwarded port, in redis' inline protocol.</summary>
internal static class RedisInline
{
    /// <summary>Sends redis' inline commands one at a time and returns the replies as they came.</summary>
    public static string? Send(int port, params string[] commands)
    {
        using var client = new TcpClient();
        // A connect that hangs (QEMU's backlog full on a loaded host) must not use up the whole deadline.
        using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            client.ConnectAsync(IPAddress.Loopback, port, connect.Token).AsTask().GetAwaiter().GetResult();
        client.ReceiveTimeout = 10000;
        var stream = client.GetStream();
        var replies = new StringBuilder();
        var buffer = new byte[512];
        foreach (var command in commands)
        {
            stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
            var n = stream.Read(buffer);
            if (n == 0) return null;
            replies.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return replies.ToString();
    }
}
