using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tests.Boot;

/// <summary>The host talking to a guest's redis through a forwarded port, in redis' inline protocol.</summary>
internal static class RedisInline
{
    /// <summary>Sends redis' inline commands one at a time and returns the replies as they came; null when
    /// the connection closed first or redis was still loading its data, for the caller to try again.</summary>
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
            var reply = Encoding.ASCII.GetString(buffer, 0, n);
            // Redis accepts connections while it loads its append-only file and answers every command
            // with -LOADING until it is done: not yet an answer (a boot that reads a disk back met this).
            if (reply.StartsWith("-LOADING", StringComparison.Ordinal)) return null;
            replies.Append(reply);
        }
        return replies.ToString();
    }
}
