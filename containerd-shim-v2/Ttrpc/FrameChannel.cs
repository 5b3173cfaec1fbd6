namespace ShimV2.Ttrpc;

/// <summary>A ttrpc frame: its header and its payload (a protobuf Request, Response or stream data).</summary>
public sealed record Frame(FrameHeader Header, byte[] Payload);

/// <summary>
/// Reads and writes whole ttrpc frames on a byte stream (a unix socket). Reads come from one thread;
/// writes may come from many (each request is answered when its handler ends), so a frame is written
/// under a lock in one piece and never interleaves with another.
/// </summary>
public sealed class FrameChannel(Stream stream) : IDisposable
{
    private readonly Lock _write = new();
    private readonly byte[] _header = new byte[FrameHeader.Size];

    /// <summary>The next frame; null at end-of-stream between frames (the peer closed). A stream that ends
    /// inside a frame, or a frame longer than ttrpc allows, is a broken connection: <see cref="IOException"/>.</summary>
    public Frame? Read()
    {
        if (!Fill(_header, allowEnd: true)) return null;
        var header = FrameHeader.Read(_header);
        if (header.Length > FrameHeader.MaxLength)
            throw new IOException($"ttrpc: stream {header.StreamId}: frame of {header.Length} bytes exceeds ttrpc's {FrameHeader.MaxLength}");
        var payload = new byte[header.Length];
        Fill(payload, allowEnd: false);
        return new Frame(header, payload);
    }

    public void Write(uint streamId, byte type, ReadOnlySpan<byte> payload, byte flags = 0)
    {
        if (payload.Length > FrameHeader.MaxLength)
            throw new IOException($"ttrpc: stream {streamId}: message of {payload.Length} bytes exceeds ttrpc's {FrameHeader.MaxLength}");
        var frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader((uint)payload.Length, streamId, type, flags).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        lock (_write) stream.Write(frame);
    }

    private bool Fill(byte[] buffer, bool allowEnd)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = stream.Read(buffer, done, buffer.Length - done);
            if (n == 0)
            {
                if (done == 0 && allowEnd) return false;
                throw new IOException($"ttrpc: connection closed inside a frame ({done} of {buffer.Length} bytes)");
            }
            done += n;
        }
        return true;
    }

    public void Dispose() => stream.Dispose();
}
