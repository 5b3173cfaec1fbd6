using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/socket.h&gt;: the socketpair the shim and its stage 2 talk over.</summary>
public static unsafe partial class Socket
{
    public const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5,
        SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    public static partial int socketpair(int domain, int type, int protocol, int* sv);

    /// <summary>A connected pair, both ends close-on-exec; returns -1 and sets errno on failure.</summary>
    public static int Pair(int type, out int first, out int second)
    {
        var sv = stackalloc int[2];
        var rc = socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv);
        first = sv[0];
        second = sv[1];
        return rc;
    }
}
