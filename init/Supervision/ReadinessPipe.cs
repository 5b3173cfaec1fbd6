using Linux;
using Linux.Native;

namespace Pid1.Supervision;

/// <summary>
/// s6-style readiness: the service gets the write end of a pipe as fd 3 (through the shim's
/// <c>--preserve-fds 1</c>) and writes a newline when it is ready. A reader thread waits for that newline
/// (or end-of-file: the service died or closed it unready) and then closes our end, so a service that
/// keeps writing gets EPIPE instead of filling a pipe nobody reads.
/// </summary>
internal static unsafe class ReadinessPipe
{
    public const int ContainerFd = 3;

    /// <summary>Waits on a background thread; <paramref name="onReady"/> runs there, once, on a newline.</summary>
    public static void Watch(int readFd, Action onReady)
    {
        var thread = new Thread(() => WaitForNewline(readFd, onReady)) { IsBackground = true, Name = "readiness" };
        thread.Start();
    }

    private static void WaitForNewline(int readFd, Action onReady)
    {
        var buffer = stackalloc byte[64];
        try
        {
            while (true)
            {
                var n = Fcntl.read(readFd, buffer, 64);
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n <= 0) return;
                for (var i = 0; i < n; i++)
                    if (buffer[i] == (byte)'\n') { onReady(); return; }
            }
        }
        finally { Fcntl.close(readFd); }
    }
}
