using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>
/// The control socket, <c>/run/cinit.sock</c> (AF_UNIX stream, mode 0600, and every peer checked with
/// SO_PEERCRED: root only). Protocol, one exchange per connection:
///   request:  one line of words, "[--json] VERB [-f] [NAME]\n" (ControlCommand lists the verbs);
///   response: a status line, "ok\n" or "error\n", then the body (the text or JSON to print, or the error
///             message), then end-of-file. <c>logs -f</c> keeps sending lines until the client hangs up.
/// A thread accepts; each connection gets its own thread, so a follower never blocks anyone. Commands that
/// read or change services run on the event loop (ControlRequest) and the connection waits for the reply.
/// </summary>
internal sealed class ControlServer(ChannelWriter<InitEvent> events, ControlCommands commands, Serilog.ILogger log)
{
    public const string SocketPath = Oci.ImagePaths.ControlSocket;
    private const int SOL_SOCKET = 1, SO_PEERCRED = 17;
    /// <summary>The loop is busy for as long as an onboot container runs; beyond this the client is told so.</summary>
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    public void Start(string path = SocketPath)
    {
        Socket listener;
        try
        {
            File.Delete(path); // a stale socket from a previous init in the same /run
            listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (OwnerOnly(path) is { } error)
            {
                listener.Dispose();
                log.Error("control: cannot listen on {Path}: {Error}; initctl will not work", path, error.Wrap("listen").ToString());
                return;
            }
            listener.Listen(16);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            log.Error("control: cannot listen on {Path}: {Error}; initctl will not work", path, Linux.SysError.Of("listen", e).ToString());
            return;
        }
        new Thread(() => AcceptLoop(listener)) { IsBackground = true, Name = "control" }.Start();
        log.Information("control: listening on {Path}", path);
    }

    /// <summary>chmod 0600: SO_PEERCRED is the real check; the mode keeps others from even connecting.</summary>
    private static unsafe Linux.SysError? OwnerOnly(string path)
    {
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            return Tmds.Linux.LibC.chmod(p, 0x180) != 0 ? Linux.SysError.LastLibC($"chmod 0600 {path}") : null;
    }

    private void AcceptLoop(Socket listener)
    {
        while (true)
        {
            Socket client;
            try { client = listener.Accept(); }
            catch (SocketException e) { log.Warning("control: {Error}", Linux.SysError.Of("accept", e).ToString()); Thread.Sleep(100); continue; }
            new Thread(() => Serve(client)) { IsBackground = true, Name = "control-client" }.Start();
        }
    }

    private void Serve(Socket client)
    {
        using (client)
        {
            try
            {
                if (PeerUid(client) is not 0 and var uid) { Send(client, ControlReply.Fail($"permission denied: uid {uid} is not root")); return; }
                var line = ReadLine(client);
                var command = ControlCommand.Parse(line ?? "", out var error);
                if (command is null) Send(client, ControlReply.Fail(error!.ToString()));
                else if (command.Verb == "logs") LogReader.Serve(client, command);
                else Send(client, RunOnLoop(command));
            }
            catch (SocketException) { } // the client went away; nothing to tell it
        }
    }

    private ControlReply RunOnLoop(ControlCommand command)
    {
        var request = new ControlRequest(() => commands.Run(command));
        if (!events.TryWrite(request)) return ControlReply.Fail("init is shutting down");
        return request.Reply.Wait(ReplyTimeout) ? request.Reply.Result : ControlReply.Fail($"init did not answer within {ReplyTimeout.TotalSeconds} s (an onboot container is still running?)");
    }

    /// <summary>struct ucred { pid_t pid; uid_t uid; gid_t gid; }; -1 when the kernel will not say.</summary>
    private static int PeerUid(Socket client)
    {
        Span<byte> cred = stackalloc byte[12];
        return client.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, cred) == 12 ? MemoryMarshal.Read<int>(cred[4..]) : -1;
    }

    /// <summary>Reads up to the first newline (or end-of-file); requests are short, so 4 KiB is plenty.</summary>
    private static string? ReadLine(Socket client)
    {
        var buffer = new byte[4096];
        var used = 0;
        client.ReceiveTimeout = 10_000;
        while (used < buffer.Length)
        {
            var n = client.Receive(buffer, used, buffer.Length - used, SocketFlags.None);
            if (n == 0) break;
            used += n;
            if (Array.IndexOf(buffer, (byte)'\n', 0, used) >= 0) break;
        }
        var text = Encoding.UTF8.GetString(buffer, 0, used);
        return text.Split('\n')[0];
    }

    public static void Send(Socket client, ControlReply reply) =>
        client.Send(Encoding.UTF8.GetBytes((reply.Ok ? "ok\n" : "error\n") + reply.Body + (reply.Ok || reply.Body.EndsWith('\n') ? "" : "\n")));
}
