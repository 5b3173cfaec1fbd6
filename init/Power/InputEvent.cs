using System.Buffers.Binary;

namespace Pid1.Power;

/// <summary>
/// &lt;linux/input.h&gt; struct input_event on 64-bit Linux: struct timeval (16 bytes), __u16 type, __u16 code,
/// __s32 value; 24 bytes, little-endian on x86_64.
/// </summary>
internal readonly record struct InputEvent(ushort Type, ushort Code, int Value)
{
    public const int Size = 24;
    public const ushort EV_KEY = 0x01;
    public const ushort KEY_POWER = 116;

    /// <summary>A key press (value 1; 0 is release, 2 autorepeat) of the power key.</summary>
    public bool IsPowerPress => Type == EV_KEY && Code == KEY_POWER && Value == 1;

    public static InputEvent Parse(ReadOnlySpan<byte> raw) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(raw[16..]),
        BinaryPrimitives.ReadUInt16LittleEndian(raw[18..]),
        BinaryPrimitives.ReadInt32LittleEndian(raw[20..]));
}
