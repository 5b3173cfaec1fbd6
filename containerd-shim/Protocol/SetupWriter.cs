using System.Buffers.Binary;
using System.Text;

namespace Shim.Protocol;

/// <summary>The primitives of the handoff's encoding (<see cref="SetupCodec"/>), little-endian: fixed
/// integers, a flag byte for bool and for "present", strings as a u32 byte count and UTF-8, lists as a
/// u32 count and their items. <see cref="SetupReader"/> reads the same shapes back.</summary>
internal sealed class SetupWriter
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void U8(byte value) => Reserve(1)[0] = value;

    public void Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void I32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        U32((uint)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void OptionalString(string? value)
    {
        Bool(value is not null);
        if (value is not null) String(value);
    }

    public void OptionalI32(int? value)
    {
        Bool(value is not null);
        if (value is { } v) I32(v);
    }

    public void OptionalU32(uint? value)
    {
        Bool(value is not null);
        if (value is { } v) U32(v);
    }

    public void Strings(IReadOnlyList<string> values)
    {
        U32((uint)values.Count);
        foreach (var value in values) String(value);
    }

    public void List<T>(IReadOnlyList<T> items, Action<SetupWriter, T> write)
    {
        U32((uint)items.Count);
        foreach (var item in items) write(this, item);
    }

    /// <summary>Patches a u32 written earlier (the total length in the header).</summary>
    public void PatchU32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset, 4), value);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
