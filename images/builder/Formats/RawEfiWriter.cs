using System.Security.Cryptography;

namespace Builder.Formats;

/// <summary>
/// Writes NAME-efi.raw, a disk UEFI firmware boots without <c>-kernel</c>: a GPT with one EFI system
/// partition from 1 MiB (<see cref="EfiSystemPartition"/>), made as a file and placed behind the table.
/// Reproducible: the ESP's bytes are fixed by its inputs, and the disk and partition GUIDs are taken from
/// their SHA-256.
/// </summary>
internal static class RawEfiWriter
{
    public static void Write(BootInputs inputs, string staging, string output)
    {
        var partition = Path.Combine(staging, "esp.img");
        var size = EfiSystemPartition.Write(inputs, staging, partition, forDisk: true, GuidPartitionTable.FirstPartitionLba);
        byte[] hash;
        using (var p = File.OpenRead(partition)) hash = SHA256.HashData(p);
        var partitionSectors = size / GuidPartitionTable.SectorSize;
        var diskSectors = GuidPartitionTable.DiskSectors(partitionSectors);
        var (head, tail) = GuidPartitionTable.Create(diskSectors, partitionSectors, GuidPartitionTable.EfiSystemPartition,
            "EFI System", GuidPartitionTable.GuidFrom(hash.AsSpan(0, 16)), GuidPartitionTable.GuidFrom(hash.AsSpan(16, 16)));
        using (var disk = File.Create(output))
        {
            disk.Write(head);
            disk.Write(new byte[GuidPartitionTable.FirstPartitionLba * GuidPartitionTable.SectorSize - head.Length]);
            using (var p = File.OpenRead(partition)) p.CopyTo(disk);
            disk.Write(new byte[(diskSectors * GuidPartitionTable.SectorSize) - disk.Position - tail.Length]);
            disk.Write(tail);
        }
        File.Delete(partition);
    }
}
