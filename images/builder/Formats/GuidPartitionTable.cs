using System.Buffers.Binary;
using System.Text;

namespace Builder.Formats;

/// <summary>
/// A GPT disk with one partition (UEFI spec 2.10, chapter 5): a protective MBR in sector 0, the header in
/// sector 1 and the 128-entry array behind it, and their backup copies at the end of the disk. GUIDs are
/// given by the caller (derived from the content, so two builds give the same bytes). Sectors are 512 bytes.
/// </summary>
internal static class GuidPartitionTable
{
    public const int SectorSize = MasterBootRecord.SectorSize;
    public const long FirstPartitionLba = 2048; // 1 MiB
    public static readonly Guid EfiSystemPartition = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    private const int Entries = 128, EntrySize = 128, HeaderSize = 92;
    private const int ArraySectors = Entries * EntrySize / SectorSize; // 32

    /// <summary>The disk's size in sectors for a partition of PARTITIONSECTORS: 1 MiB in front, the backup (rounded to 1 MiB) behind.</summary>
    public static long DiskSectors(long partitionSectors) => FirstPartitionLba + partitionSectors + FirstPartitionLba;

    /// <summary>Sector 0 through the primary array (what goes before the partition) and the backup array + header (the last 33 sectors).</summary>
    public static (byte[] Head, byte[] Tail) Create(long diskSectors, long partitionSectors, Guid partitionType, string partitionName,
        Guid diskGuid, Guid partitionGuid)
    {
        var lastLba = diskSectors - 1;
        var array = new byte[ArraySectors * SectorSize];
        var entry = array.AsSpan(0, EntrySize);
        partitionType.ToByteArray().CopyTo(entry); // Guid's byte order is GPT's mixed-endian one
        partitionGuid.ToByteArray().CopyTo(entry[16..]);
        BinaryPrimitives.WriteInt64LittleEndian(entry[32..], FirstPartitionLba);
        BinaryPrimitives.WriteInt64LittleEndian(entry[40..], FirstPartitionLba + partitionSectors - 1);
        Encoding.Unicode.GetBytes(partitionName).AsSpan().CopyTo(entry[56..]);
        var arrayCrc = Crc32.Of(array);

        var head = new byte[(2 + ArraySectors) * SectorSize];
        ProtectiveMbr(diskSectors).CopyTo(head, 0);
        Header(1, lastLba, 2, lastLba, diskGuid, arrayCrc).CopyTo(head, SectorSize);
        array.CopyTo(head, 2 * SectorSize);
        var tail = new byte[(ArraySectors + 1) * SectorSize];
        array.CopyTo(tail, 0);
        Header(lastLba, 1, lastLba - ArraySectors, lastLba, diskGuid, arrayCrc).CopyTo(tail, ArraySectors * SectorSize);
        return (head, tail);
    }

    private static byte[] Header(long myLba, long alternateLba, long arrayLba, long lastLba, Guid diskGuid, uint arrayCrc)
    {
        var sector = new byte[SectorSize];
        var h = sector.AsSpan();
        "EFI PART"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], myLba);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], alternateLba);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], 2 + ArraySectors); // first usable
        BinaryPrimitives.WriteInt64LittleEndian(h[48..], lastLba - ArraySectors - 1); // last usable
        diskGuid.ToByteArray().CopyTo(h[56..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[72..], arrayLba);
        BinaryPrimitives.WriteUInt32LittleEndian(h[80..], Entries);
        BinaryPrimitives.WriteUInt32LittleEndian(h[84..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[88..], arrayCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Of(h[..HeaderSize]));
        return sector;
    }

    /// <summary>One partition of type 0xEE over the whole disk (at most 2^32-1 sectors), so MBR-only tools see it as in use.</summary>
    private static byte[] ProtectiveMbr(long diskSectors)
    {
        var mbr = new byte[SectorSize];
        var entry = mbr.AsSpan(446, 16);
        entry[1] = 0x00; entry[2] = 0x02; entry[3] = 0x00; // CHS of LBA 1
        entry[4] = 0xEE;
        entry[5] = 0xFF; entry[6] = 0xFF; entry[7] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(diskSectors - 1, uint.MaxValue));
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        return mbr;
    }

    /// <summary>A GUID from 16 bytes of a hash, marked as RFC 4122 version 4 / variant 1 so tools accept it.</summary>
    public static Guid GuidFrom(ReadOnlySpan<byte> hash)
    {
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version, in Guid's little-endian third field
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant
        return new Guid(bytes);
    }
}
