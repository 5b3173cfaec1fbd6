using System.Buffers.Binary;

namespace ShimV2.Ttrpc;

/// <summary>
/// ttrpc's fixed 10-byte message header (github.com/containerd/ttrpc channel.go): the payload's length and
/// the stream id as big-endian uint32s, then the message type and its flags, one byte each. A request's
/// response carries the request's stream id; clients number their streams with odd ids.
/// </summary>
public readonly record struct FrameHeader(uint Length, uint StreamId, byte Type, byte Flags)
{
    public const int Size = 10;

    /// <summary>ttrpc's messageLengthMax: a peer refuses anything longer, and so do we.</summary>
    public const int MaxLength = 4 << 20;

    public const byte Request = 1, Response = 2, Data = 3;

    public void Write(Span<byte> to)
    {
        BinaryPrimitives.WriteUInt32BigEndian(to, Length);
        BinaryPrimitives.WriteUInt32BigEndian(to[4..], StreamId);
        to[8] = Type;
        to[9] = Flags;
    }

    public static FrameHeader Read(ReadOnlySpan<byte> from) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(from), BinaryPrimitives.ReadUInt32BigEndian(from[4..]), from[8], from[9]);
}
