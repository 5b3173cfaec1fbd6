using System.Text;
using System.Text.Json;
using Linux.Native;

namespace Shim;

/// <summary>Lines on fd 2 with plain write(2): the shim never touches System.Console, so the runtime
/// never switches on its terminal and SIGCHLD handling (docs/facts.md), and a line is one write. With runc's
/// <c>--log FILE</c> each line is appended there too, and with <c>--log-format json</c> as runc's JSON
/// record (<c>{"level":"error","msg":...,"time":...}</c>): containerd and podman read the last error
/// from that file to say why the runtime failed.</summary>
internal static unsafe class Stderr
{
    private static string? _logFile;
    private static bool _json;

    public static void LogTo(string? file, bool json)
    {
        _logFile = file;
        _json = json;
    }

    public static void WriteLine(string line)
    {
        Write(2, Encoding.UTF8.GetBytes(line + "\n"));
        if (_logFile is null) return;
        var fd = Fcntl.open(_logFile, Fcntl.O_WRONLY | Fcntl.O_APPEND | Fcntl.O_CREAT | Fcntl.O_CLOEXEC, 0x1a4);
        if (fd < 0) return;
        Write(fd, _json ? JsonRecord(line) : Encoding.UTF8.GetBytes(line + "\n"));
        Fcntl.close(fd);
    }

    private static byte[] JsonRecord(string line)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", line.Contains(": warning: ", StringComparison.Ordinal) ? "warning" : "error");
            json.WriteString("msg", line);
            json.WriteString("time", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Write(int fd, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Fcntl.write(fd, p + done, (nuint)(bytes.Length - done));
                if (n <= 0) return; // nowhere left to complain to
                done += (int)n;
            }
        }
    }
}
