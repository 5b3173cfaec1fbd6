using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/socket.h&gt; and &lt;sys/un.h&gt;: the socketpair the shim and its stage 2 talk over, and
/// an fd passed over an AF_UNIX socket with SCM_RIGHTS (runc's --console-socket protocol).</summary>
public static unsafe partial class Socket
{
    public const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5,
        SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;

    public const int SOL_SOCKET = 1, SCM_RIGHTS = 1;

    public const int MSG_PEEK = 0x2, MSG_DONTWAIT = 0x40;

    /// <summary>sun_path's size in struct sockaddr_un (the path and its NUL must fit).</summary>
    public const int SunPathSize = 108;

    [StructLayout(LayoutKind.Sequential)]
    public struct iovec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    /// <summary>x86_64 struct msghdr (56 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct msghdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public iovec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    /// <summary>One cmsghdr carrying one fd: CMSG_SPACE(sizeof(int)) = 24 bytes on x86_64.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct cmsg_fd
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
        public int fd;
        private readonly int _pad;
    }

    /// <summary>CMSG_LEN(sizeof(int)): the header and the fd, without the trailing padding.</summary>
    public const int CmsgLenOneFd = 20;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int connect(int fd, byte* addr, uint len);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint sendmsg(int fd, msghdr* msg, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint recvmsg(int fd, msghdr* msg, int flags);

    /// <summary>Connects a new close-on-exec AF_UNIX socket to <paramref name="path"/>; -1 and errno
    /// (ENAMETOOLONG when the path does not fit sun_path) on failure.</summary>
    public static int ConnectUnix(string path, int type)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= SunPathSize)
        {
            Marshal.SetLastPInvokeError(36); // ENAMETOOLONG
            return -1;
        }
        var fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) return -1;
        var addr = stackalloc byte[2 + SunPathSize];
        new Span<byte>(addr, 2 + SunPathSize).Clear();
        addr[0] = AF_UNIX;
        bytes.CopyTo(new Span<byte>(addr + 2, SunPathSize));
        if (connect(fd, addr, (uint)(2 + bytes.Length + 1)) == 0) return fd;
        var errno = Marshal.GetLastPInvokeError();
        Fcntl.close(fd);
        Marshal.SetLastPInvokeError(errno);
        return -1;
    }

    /// <summary>Sends <paramref name="data"/> (at least one byte) with <paramref name="passFd"/> attached.</summary>
    public static nint SendFd(int socketFd, ReadOnlySpan<byte> data, int passFd)
    {
        var cmsg = new cmsg_fd { cmsg_len = CmsgLenOneFd, cmsg_level = SOL_SOCKET, cmsg_type = SCM_RIGHTS, fd = passFd };
        fixed (byte* d = data)
        {
            var iov = new iovec { iov_base = d, iov_len = (nuint)data.Length };
            var msg = new msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = &cmsg, msg_controllen = (nuint)sizeof(cmsg_fd) };
            return sendmsg(socketFd, &msg, 0);
        }
    }

    /// <summary>Receives one message into <paramref name="data"/>; the fd that came with it, or -1.</summary>
    public static int ReceiveFd(int socketFd, Span<byte> data, out nint received)
    {
        var cmsg = default(cmsg_fd);
        fixed (byte* d = data)
        {
            var iov = new iovec { iov_base = d, iov_len = (nuint)data.Length };
            var msg = new msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = &cmsg, msg_controllen = (nuint)sizeof(cmsg_fd) };
            received = recvmsg(socketFd, &msg, 0x40000000); // MSG_CMSG_CLOEXEC
            return received >= 0 && cmsg.cmsg_level == SOL_SOCKET && cmsg.cmsg_type == SCM_RIGHTS ? cmsg.fd : -1;
        }
    }

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
