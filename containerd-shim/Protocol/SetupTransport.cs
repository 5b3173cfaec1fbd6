using Linux;
using Linux.Native;

namespace Shim.Protocol;

/// <summary>
/// The handoff over the sync socket: stage 1 sends the encoded <see cref="ContainerSetup"/> as the first
/// datagrams (at most <see cref="ChunkSize"/> bytes each: a SOCK_SEQPACKET datagram must fit the
/// socket's send buffer whole), stage 2 reads them until the header's length is reached. Stage 1 sends
/// right after the spawn, so stage 2's own start (the runtime's) overlaps the send, then makes and joins
/// the cgroup while stage 2 works (<see cref="SyncPoint.InCgroup"/>).
/// </summary>
internal static unsafe class SetupTransport
{
    public const int ChunkSize = 32 * 1024;

    /// <summary>Stage 1: the whole message, or the error of the write that failed (stage 2 is gone).</summary>
    public static SysError? Send(int fd, byte[] message)
    {
        fixed (byte* p = message)
        {
            for (var done = 0; done < message.Length;)
            {
                var size = Math.Min(ChunkSize, message.Length - done);
                var n = Fcntl.write(fd, p + done, (nuint)size);
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n != size) return SysError.Last($"send the container's setup to stage 2 ({message.Length} bytes)");
                done += size;
            }
        }
        return null;
    }

    /// <summary>Stage 2: the decoded setup; throws (<see cref="SysException"/>) naming what went wrong.</summary>
    public static ContainerSetup Receive(int fd)
    {
        var chunk = new byte[ChunkSize];
        var first = ReadChunk(fd, chunk);
        if (first < 8) throw SetupReader.Bad("length", $"the first datagram has {first} bytes, less than the header");
        var length = SetupCodec.MessageLength(chunk.AsSpan(0, first));
        if (length == first) return SetupCodec.Decode(chunk.AsSpan(0, first));
        if (first != ChunkSize || length < first) throw SetupReader.Bad("length", $"header says {length} bytes, the first datagram has {first}");
        var message = new byte[length];
        chunk.CopyTo(message, 0);
        for (var done = first; done < length;)
        {
            var n = ReadChunk(fd, chunk);
            if (n > length - done) throw SetupReader.Bad("length", $"header says {length} bytes, more arrived");
            chunk.AsSpan(0, n).CopyTo(message.AsSpan(done));
            done += n;
        }
        return SetupCodec.Decode(message);
    }

    private static int ReadChunk(int fd, byte[] chunk)
    {
        fixed (byte* p = chunk)
        {
            while (true)
            {
                var n = Fcntl.read(fd, p, (nuint)chunk.Length);
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n < 0) throw new SysException(SysError.Last("read the container's setup from stage 1"));
                if (n == 0) throw new SysException(SysError.Plain("read the container's setup from stage 1: stage 1 is gone"));
                return (int)n;
            }
        }
    }
}
