using System.Buffers.Binary;
using System.Text;
using Linux;

namespace Shim.Protocol;

/// <summary>Reads what <see cref="SetupWriter"/> wrote. Every read names the field it is for, so input
/// that ends early or holds an impossible value is refused as <c>handoff: FIELD: what is wrong</c>
/// (a <see cref="SysException"/>, caught at stage 2's setup boundary), never read past or taken for
/// another field.</summary>
internal ref struct SetupReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly int Offset => _offset;

    public readonly bool AtEnd => _offset == _data.Length;

    public byte U8(string field) => Take(field, 1)[0];

    public bool Bool(string field) => U8(field) switch
    {
        0 => false,
        1 => true,
        var b => throw Bad(field, $"{b} at byte {_offset - 1} is not a flag (0 or 1)"),
    };

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(field, 2));

    public int I32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(field, 4));

    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(field, 4));

    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(field, 8));

    public string String(string field)
    {
        var count = U32(field);
        // Take checks the count against what is left before anything is allocated.
        var bytes = Take(field, count > int.MaxValue ? int.MaxValue : (int)count);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(field, "not UTF-8");
        }
    }

    public string? OptionalString(string field) => Bool(field) ? String(field) : null;

    public int? OptionalI32(string field) => Bool(field) ? I32(field) : null;

    public uint? OptionalU32(string field) => Bool(field) ? U32(field) : null;

    public List<string> Strings(string field)
    {
        var count = Count(field, 4);
        var list = new List<string>(count);
        for (var i = 0; i < count; i++) list.Add(String($"{field}[{i}]"));
        return list;
    }

    /// <summary>A list count, checked against what is left: each item takes at least
    /// <paramref name="minItemSize"/> bytes, so a corrupt count cannot ask for a huge allocation.</summary>
    public int Count(string field, int minItemSize)
    {
        var count = U32(field);
        if (count > (uint)(_data.Length - _offset) / (uint)minItemSize)
            throw Bad(field, $"{count} items at byte {_offset - 4}, more than the {_data.Length - _offset} bytes left can hold");
        return (int)count;
    }

    private ReadOnlySpan<byte> Take(string field, int count)
    {
        if (count > _data.Length - _offset)
            throw Bad(field, $"truncated at byte {_offset} (needs {count} more, {_data.Length - _offset} left)");
        var span = _data.Slice(_offset, count);
        _offset += count;
        return span;
    }

    public static SysException Bad(string field, string problem) => new(SysError.Plain($"handoff: {field}: {problem}"));
}
