using System.Net.Sockets;
using Pid1.Logs;
using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>
/// Serves <c>logs [-f] NAME</c> on the connection's own thread: it only reads files, so it needs nothing
/// from the event loop. The rotated files come first, oldest to newest. With -f it then polls the current
/// file; after a rotation (the path names a new, shorter file) it reopens it from the start. It ends when
/// the client hangs up. NAME <c>kernel</c> is the kernel's log (/dev/kmsg).
/// </summary>
internal static class LogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static void Serve(Socket client, ControlCommand command)
    {
        if (command.Name == "kernel")
        {
            var lines = KernelLog.ReadAll(out var error);
            ControlServer.Send(client, error is null ? ControlReply.Done(string.Join("", lines.Select(l => l + "\n"))) : ControlReply.Fail(error.ToString()));
            return;
        }
        var path = OutputPump.LogPath(command.Name!);
        if (!File.Exists(path)) { ControlServer.Send(client, ControlReply.Fail($"logs {command.Name}: {path} does not exist (no such container, or no output yet)")); return; }
        ControlServer.Send(client, ControlReply.Done(""));
        for (var n = RotatingLogFile.DefaultKeep - 1; n >= 1; n--)
        {
            var old = RotatingLogFile.Generation(path, n);
            if (File.Exists(old)) Copy(old, 0, client);
        }
        var offset = Copy(path, 0, client);
        while (command.Follow && !HungUp(client))
        {
            Thread.Sleep(PollInterval);
            long length;
            try { length = new FileInfo(path).Length; } catch (IOException) { continue; }
            if (length < offset) offset = 0; // rotated: the new file starts over
            if (length > offset) offset = Copy(path, offset, client);
        }
    }

    /// <summary>Sends the file from <paramref name="offset"/> up to its last complete line; returns the new offset.</summary>
    private static long Copy(string path, long offset, Socket client)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = offset;
            bytes = new byte[file.Length - offset];
            file.ReadExactly(bytes);
        }
        catch (IOException) { return offset; } // rotated away between the check and the open
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end > 0) client.Send(bytes.AsSpan(0, end));
        return offset + end;
    }

    /// <summary>A readable socket with nothing to read is one the client has closed.</summary>
    private static bool HungUp(Socket client)
    {
        try { return client.Poll(0, SelectMode.SelectRead) && client.Available == 0; }
        catch (SocketException) { return true; }
    }
}
