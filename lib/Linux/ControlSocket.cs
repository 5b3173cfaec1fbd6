using System.Text;
using Linux.Native;
using Tmds.Linux;

namespace Linux;

/// <summary>
/// The runtime supervisor's socket (<c>ROOT/ID/shim.sock</c>, AF_UNIX SOCK_SEQPACKET, so one request and one
/// answer are one datagram each): <c>start</c> sends "start"; the answer's byte 0 is 0 when the container
/// runs, 1 when it could not start, and the rest is text for the client's stderr (an error, or warnings
/// of poststart hooks). Only while the container waits for start is anyone listening. The runtime's
/// <c>start</c> and the containerd v2 shim are its clients (docs/runtime-cli.md).
/// </summary>
public static unsafe class ControlSocket
{
    public const int MaxMessage = 16 * 1024;

    /// <summary>Where the supervisor of container <paramref name="id"/> listens under the runtime's root.</summary>
    public static string PathIn(string root, string id) => Path.Combine(root, id, "shim.sock");

    /// <summary>Connects to <paramref name="path"/>, sends <paramref name="request"/> and returns the one
    /// answer: null at end-of-file (with <paramref name="error"/> null) or when the connect failed (set).</summary>
    public static byte[]? Request(string path, ReadOnlySpan<byte> request, out SysError? error)
    {
        var fd = Connect(path, out error);
        if (fd < 0) return null;
        var answer = Send(fd, request) ? Receive(fd) : null;
        LibC.close(fd);
        return answer;
    }

    public static int Listen(string path, out SysError? error) => Open(path, listen: true, out error);

    public static int Connect(string path, out SysError? error) => Open(path, listen: false, out error);

    private static int Open(string path, bool listen, out SysError? error)
    {
        error = null;
        var bytes = Encoding.UTF8.GetBytes(path);
        var directory = -1;
        if (bytes.Length >= 108)
        {
            // sun_path holds 108 bytes and Docker's exec-root alone nearly fills them: name the socket
            // through an fd of its directory instead (the kernel resolves the magic link for bind and
            // connect alike).
            directory = Fcntl.open(Path.GetDirectoryName(path)!, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
            if (directory < 0) { error = SysError.Last($"open {Path.GetDirectoryName(path)}"); return -1; }
            bytes = Encoding.UTF8.GetBytes($"/proc/self/fd/{directory}/{Path.GetFileName(path)}");
        }
        try
        {
            return Open(path, bytes, listen, out error);
        }
        finally
        {
            if (directory >= 0) Fcntl.close(directory);
        }
    }

    private static int Open(string path, byte[] bytes, bool listen, out SysError? error)
    {
        error = null;
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) { error = SysError.LastLibC("socket AF_UNIX"); return -1; }
        sockaddr_un address = default;
        address.sun_family = (ushort)LibC.AF_UNIX;
        for (var i = 0; i < bytes.Length; i++) address.sun_path[i] = bytes[i];
        var ok = listen
            ? LibC.bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un)) == 0 && LibC.listen(fd, 4) == 0
            : LibC.connect(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un)) == 0;
        if (ok) return fd;
        error = SysError.LastLibC($"{(listen ? "listen on" : "connect to")} {path}");
        LibC.close(fd);
        return -1;
    }

    public static int Accept(int fd) => LibC.accept4(fd, null, null, LibC.SOCK_CLOEXEC);

    public static bool Send(int fd, ReadOnlySpan<byte> message)
    {
        fixed (byte* p = message)
        {
            while (true)
            {
                var n = LibC.write(fd, p, message.Length);
                if (n < 0 && Errno.FromLibC.Value == Errno.EINTR) continue;
                return n == message.Length;
            }
        }
    }

    /// <summary>One datagram, or null at end-of-file or on an error.</summary>
    public static byte[]? Receive(int fd)
    {
        var buffer = new byte[MaxMessage];
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = LibC.read(fd, p, buffer.Length);
                if (n < 0 && Errno.FromLibC.Value == Errno.EINTR) continue;
                return n <= 0 ? null : buffer[..(int)n];
            }
        }
    }
}
