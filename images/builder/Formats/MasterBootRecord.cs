using System.Buffers.Binary;

namespace Builder.Formats;

/// <summary>
/// A classic MBR with boot code and one active primary partition. CHS fields use the 255-head,
/// 63-sector geometry BIOSes assume and saturate at cylinder 1023, where LBA takes over.
/// </summary>
internal static class MasterBootRecord
{
    public const int SectorSize = 512;
    private const int BootCodeSize = 440, SignatureOffset = 440, TableOffset = 446;

    public static byte[] Create(ReadOnlySpan<byte> bootCode, uint diskSignature, uint startLba, uint sectors, byte partitionType)
    {
        if (bootCode.Length > BootCodeSize)
            throw new BuildFailure($"MBR boot code is {bootCode.Length} bytes; at most {BootCodeSize} fit before the disk signature");
        var mbr = new byte[SectorSize];
        bootCode.CopyTo(mbr);
        BinaryPrimitives.WriteUInt32LittleEndian(mbr.AsSpan(SignatureOffset), diskSignature);
        var entry = mbr.AsSpan(TableOffset, 16);
        entry[0] = 0x80; // active: mbr.bin boots the active partition
        Chs(startLba).CopyTo(entry[1..]);
        entry[4] = partitionType;
        Chs(startLba + sectors - 1).CopyTo(entry[5..]);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], startLba);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], sectors);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        return mbr;
    }

    private static byte[] Chs(uint lba)
    {
        const uint heads = 255, sectorsPerTrack = 63;
        var cylinder = lba / (heads * sectorsPerTrack);
        if (cylinder > 1023) return [0xFE, 0xFF, 0xFF];
        var head = lba / sectorsPerTrack % heads;
        var sector = lba % sectorsPerTrack + 1;
        return [(byte)head, (byte)(sector | ((cylinder >> 2) & 0xC0)), (byte)cylinder];
    }
}
