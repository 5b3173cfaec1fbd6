using System.Text;
using Linux.Native;

namespace Pid1.Logs;

/// <summary>
/// Copies init's console lines to every console of the kernel cmdline, not only to /dev/console. The kernel
/// writes its own messages to all of them, but /dev/console (init's stdio) is one device, the preferred one:
/// with LinuxKit's cmdline <c>console=tty0 console=ttyS0 console=ttyAMA0</c> on a PC that is tty0 (ttyAMA0 does
/// not exist), and a user reading the serial line would see the kernel and getty but not one of init's lines:
/// no container output and no failure. So once devtmpfs and /proc are mounted, each enabled console that is
/// not the preferred one (no <c>C</c> flag in /proc/consoles) is opened for writing and gets a copy.
/// </summary>
internal sealed class ConsoleMirror : TextWriter
{
    private readonly TextWriter _console;
    private readonly List<int> _fds;

    private ConsoleMirror(TextWriter console, List<int> fds)
    {
        _console = console;
        _fds = fds;
    }

    public override Encoding Encoding => _console.Encoding;

    /// <summary>Call once, after the mounts; returns the consoles that get a copy (none: nothing changes).</summary>
    public static IReadOnlyList<string> Start(Serilog.ILogger log, string consoles = "/proc/consoles")
    {
        string text;
        try { text = File.ReadAllText(consoles); }
        catch (IOException e) { log.Warning("console: {Error}", Linux.SysError.Of($"read {consoles}", e).ToString()); return []; }
        var names = new List<string>();
        var fds = new List<int>();
        foreach (var name in OtherConsoles(text))
        {
            var path = "/dev/" + name;
            // O_NOCTTY: PID 1 must never get a controlling terminal, or a hangup or Ctrl-C there would signal it.
            var fd = Fcntl.open(path, Fcntl.O_WRONLY | Fcntl.O_NOCTTY | Fcntl.O_CLOEXEC, 0);
            if (fd < 0) { log.Warning("console: open {Path}: {Errno}; init's lines do not reach it", path, Linux.Errno.Last.ToString()); continue; }
            fds.Add(fd);
            names.Add(name);
        }
        if (fds.Count == 0) return names;
        Console.SetOut(Synchronized(new ConsoleMirror(Console.Out, [.. fds])));
        Console.SetError(Synchronized(new ConsoleMirror(Console.Error, [.. fds])));
        log.Information("console: init's lines also go to {Consoles}", string.Join(' ', names));
        return names;
    }

    /// <summary>
    /// The enabled, writable consoles of /proc/consoles that are not /dev/console. A line reads
    /// <c>ttyS0                -W- (EC p a)    4:64</c>: name, operations (R, W, U), flags (E enabled, C the
    /// preferred console, i.e. /dev/console), major:minor.
    /// </summary>
    public static List<string> OtherConsoles(string procConsoles)
    {
        var names = new List<string>();
        foreach (var line in procConsoles.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var open = line.IndexOf('(');
            var close = line.IndexOf(')', open + 1);
            var space = line.IndexOfAny([' ', '\t']);
            if (open < 0 || close < 0 || space <= 0 || space > open) continue;
            var name = line[..space];
            var operations = line[space..open];
            var flags = line[(open + 1)..close];
            if (!operations.Contains('W') || !flags.Contains('E') || flags.Contains('C')) continue;
            if (name.Contains('/') || name.Contains("..")) continue;
            names.Add(name);
        }
        return names;
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        _console.Write(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var i = _fds.Count - 1; i >= 0; i--)
            if (!WriteAll(_fds[i], bytes)) _fds.RemoveAt(i);
    }

    public override void Flush() => _console.Flush();

    /// <summary>False when the console failed (EIO of a vanished device): it is dropped, never retried.</summary>
    private static unsafe bool WriteAll(int fd, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            for (var done = 0; done < bytes.Length;)
            {
                var n = Fcntl.write(fd, p + done, (nuint)(bytes.Length - done));
                if (n > 0) { done += (int)n; continue; }
                if (n < 0 && Linux.Errno.Last.Value == Linux.Errno.EINTR) continue;
                return false;
            }
        }
        return true;
    }
}
