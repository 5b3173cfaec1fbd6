using System.Text;
using Linux;
using ShimV2.Ttrpc;

namespace ShimV2.Serve;

/// <summary>open(2), read(2) and write(2) on raw fds, for the FIFOs and pipes a process's stdio goes through.</summary>
internal static unsafe class Fd
{
    /// <summary>The fd of PATH opened close-on-exec, or an <see cref="RpcException"/> naming the path and errno.</summary>
    public static int Open(string path, int flags, string purpose)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes) fd = Tmds.Linux.LibC.open(p, flags | Tmds.Linux.LibC.O_CLOEXEC, 0);
        if (fd < 0) throw new RpcException(RpcCode.Internal, SysError.LastLibC($"open {purpose} {path}").ToString());
        return fd;
    }

    public static void Close(ref int fd)
    {
        if (fd >= 0) Tmds.Linux.LibC.close(fd);
        fd = -1;
    }

    /// <summary>Copies FROM to TO until FROM ends or TO refuses (the reader is gone).</summary>
    public static void Copy(int from, int to)
    {
        var buffer = new byte[32 * 1024];
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint n = (nint)Tmds.Linux.LibC.read(from, b, buffer.Length);
                if (n < 0 && Tmds.Linux.LibC.errno == Errno.EINTR) continue;
                if (n <= 0) return;
                for (nint done = 0; done < n;)
                {
                    nint w = (nint)Tmds.Linux.LibC.write(to, b + done, (Tmds.Linux.size_t)(ulong)(n - done));
                    if (w < 0 && Tmds.Linux.LibC.errno == Errno.EINTR) continue;
                    if (w <= 0) return;
                    done += w;
                }
            }
        }
    }
}
