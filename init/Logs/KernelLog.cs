using System.Globalization;
using System.Text;
using Linux;

namespace Pid1.Logs;

/// <summary>
/// The kernel's log as <c>dmesg</c> prints it, read from /dev/kmsg (what <c>initctl logs kernel</c> shows).
/// Each read(2) of /dev/kmsg returns exactly one record, "PRIO,SEQ,USEC,FLAGS;text"; with O_NONBLOCK the
/// end of the buffer is EAGAIN. Reading it needs no capability inside a container, unlike syslog(2).
/// </summary>
internal static unsafe class KernelLog
{
    private const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;

    public static IEnumerable<string> ReadAll(out SysError? error)
    {
        error = null;
        int fd;
        fixed (byte* path = "/dev/kmsg\0"u8) fd = Tmds.Linux.LibC.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) { error = SysError.LastLibC("open /dev/kmsg"); return []; }
        var lines = new List<string>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                long n;
                fixed (byte* p = buffer) n = Tmds.Linux.LibC.read(fd, p, buffer.Length);
                if (n > 0) { lines.Add(Format(Encoding.UTF8.GetString(buffer, 0, (int)n))); continue; }
                // EPIPE: the oldest records were overwritten while we read; the next read goes on from there.
                if (n < 0 && Errno.FromLibC.Value is Errno.EPIPE or Errno.EINTR) continue;
                break; // EAGAIN: nothing more
            }
        }
        finally { Linux.Native.Fcntl.close(fd); }
        return lines;
    }

    /// <summary>"6,339,5140900,-;text\n SUBSYSTEM=..." becomes "[    5.140900] text" (continuation lines dropped).</summary>
    public static string Format(string record)
    {
        var semi = record.IndexOf(';');
        if (semi < 0) return record.TrimEnd('\n');
        var text = record[(semi + 1)..].Split('\n')[0];
        var head = record[..semi].Split(',');
        if (head.Length < 3 || !long.TryParse(head[2], NumberStyles.None, CultureInfo.InvariantCulture, out var usec)) return text;
        return string.Create(CultureInfo.InvariantCulture, $"[{usec / 1_000_000,5}.{usec % 1_000_000:D6}] {text}");
    }
}
