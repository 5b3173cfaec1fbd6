using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;poll.h&gt;: waiting on a few fds with a timeout.</summary>
public static unsafe partial class Poll
{
    public const short POLLIN = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    public struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    /// <summary>Returns how many fds are ready, 0 on timeout, -1 and errno on failure.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int poll(pollfd* fds, nuint nfds, int timeoutMs);
}
