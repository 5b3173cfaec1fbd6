using ShimV2.Ttrpc;

namespace Tests.UnitShimV2;

/// <summary>ttrpc's header as containerd's Go ttrpc writes it (channel.go), byte for byte.</summary>
public sealed class FramingTests
{
    [Fact]
    public void The_header_is_big_endian_length_stream_type_flags()
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(0x0102, 0x03, FrameHeader.Response, 0x04).Write(bytes);
        Assert.Equal(new byte[] { 0, 0, 1, 2, 0, 0, 0, 3, 2, 4 }, bytes);
        Assert.Equal(new FrameHeader(0x0102, 3, 2, 4), FrameHeader.Read(bytes));
    }

    [Fact]
    public void A_frame_arriving_a_byte_at_a_time_is_read_whole_and_end_of_stream_between_frames_is_null()
    {
        var wire = new MemoryStream();
        using (var writer = new FrameChannel(new NonClosing(wire)))
        {
            writer.Write(5, FrameHeader.Request, "hello"u8);
            writer.Write(7, FrameHeader.Request, ReadOnlySpan<byte>.Empty);
        }
        Assert.Equal(FrameHeader.Size * 2 + 5, wire.Length);
        using var reader = new FrameChannel(new Trickle(wire.ToArray()));
        var first = reader.Read()!;
        Assert.Equal((5u, 5u, FrameHeader.Request), (first.Header.StreamId, first.Header.Length, first.Header.Type));
        Assert.Equal("hello"u8.ToArray(), first.Payload);
        var second = reader.Read()!;
        Assert.Equal((7u, 0), (second.Header.StreamId, second.Payload.Length));
        Assert.Null(reader.Read());
    }

    [Fact]
    public void A_stream_ending_inside_a_frame_is_a_broken_connection()
    {
        var bytes = new byte[FrameHeader.Size + 2];
        new FrameHeader(5, 1, FrameHeader.Request, 0).Write(bytes);
        using var reader = new FrameChannel(new MemoryStream(bytes));
        var e = Assert.Throws<IOException>(() => reader.Read());
        Assert.Contains("closed inside a frame (2 of 5 bytes)", e.Message);
    }

    [Fact]
    public void A_frame_longer_than_ttrpc_allows_is_refused_before_it_is_read()
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameHeader.MaxLength + 1, 9, FrameHeader.Request, 0).Write(bytes);
        using var reader = new FrameChannel(new MemoryStream(bytes));
        Assert.Contains("stream 9: frame of 4194305 bytes exceeds", Assert.Throws<IOException>(() => reader.Read()).Message);
        using var writer = new FrameChannel(new MemoryStream());
        Assert.Throws<IOException>(() => writer.Write(1, FrameHeader.Request, new byte[FrameHeader.MaxLength + 1]));
    }

    /// <summary>Hands out one byte per Read, as a socket may.</summary>
    private sealed class Trickle(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    private sealed class NonClosing(Stream inner) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
