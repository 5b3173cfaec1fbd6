using System.Security.Cryptography;

namespace Builder.Formats;

/// <summary>
/// Writes NAME.raw, a disk image a BIOS boots without <c>-kernel</c>: syslinux's mbr.bin and a partition
/// table in sector 0, one active FAT partition from 1 MiB holding /kernel, /initrd.img, /syslinux.cfg and
/// syslinux's ldlinux.sys + ldlinux.c32. The partition is made as a plain file with mkfs.fat, mcopy and
/// <c>syslinux --install</c> (all through mtools: no loop device, no mount, no root) and then placed
/// behind the MBR. Reproducible: mkfs.fat <c>--invariant</c> fixes the volume id and dates, mcopy
/// <c>-m</c> keeps the staged files' fixed mtime, mtools stamps syslinux's own files with
/// <c>SOURCE_DATE_EPOCH</c>, and the disk signature is taken from a hash of the partition.
/// </summary>
internal static class RawBiosWriter
{
    public const uint PartitionStart = 2048; // 1 MiB, the alignment every partitioning tool uses
    private const long MiB = 1024 * 1024;
    private const byte TypeFat16Lba = 0x0E, TypeFat32Lba = 0x0C;

    private static readonly HostTool MkfsFat = new("mkfs.fat", "dosfstools");
    private static readonly HostTool Mcopy = new("mcopy", "mtools");
    private static readonly HostTool Syslinux = new("syslinux", "syslinux");

    public static void Write(BootInputs inputs, string staging, string output)
    {
        foreach (var tool in new[] { MkfsFat, Mcopy, Syslinux }) tool.Locate();
        var config = Path.Combine(staging, "syslinux.cfg");
        File.WriteAllText(config, SyslinuxConfig.Text(inputs.Cmdline));
        StagedTimes.Set(config, inputs.Epoch);
        StagedTimes.Set(inputs.BzImage, inputs.Epoch);
        StagedTimes.Set(inputs.Initrd, inputs.Epoch);
        var partition = Path.Combine(staging, "partition.img");
        var size = PartitionSize(new FileInfo(inputs.BzImage).Length + new FileInfo(inputs.Initrd).Length);
        var fat32 = size > 1024 * MiB; // FAT16 ends at 2 GiB; leave it well before
        MkfsFat.Run(inputs.Epoch, staging, "-C", "--invariant", "-F", fat32 ? "32" : "16", "-n", IsoBiosWriter.VolumeId,
            "-h", PartitionStart.ToString(System.Globalization.CultureInfo.InvariantCulture),
            partition, (size / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (file, name) in new[] { (inputs.BzImage, "kernel"), (inputs.Initrd, "initrd.img"), (config, "syslinux.cfg") })
            Mcopy.Run(inputs.Epoch, staging, "-m", "-i", partition, file, "::/" + name);
        Syslinux.Run(inputs.Epoch, staging, "--install", partition);
        WriteDisk(partition, size, fat32 ? TypeFat32Lba : TypeFat16Lba, output);
        File.Delete(partition);
    }

    /// <summary>The files, 5% and 2 MiB for FAT, directories and syslinux, rounded up to MiB; at least 16 MiB so FAT16 has enough clusters.</summary>
    public static long PartitionSize(long fileBytes)
    {
        var bytes = fileBytes + fileBytes / 20 + 2 * MiB;
        return Math.Max(16 * MiB, (bytes + MiB - 1) / MiB * MiB);
    }

    private static void WriteDisk(string partition, long size, byte type, string output)
    {
        uint signature;
        using (var p = File.OpenRead(partition)) signature = BitConverter.ToUInt32(SHA256.HashData(p), 0);
        var mbr = MasterBootRecord.Create(File.ReadAllBytes(BootLoaderFiles.MbrBin), signature, PartitionStart,
            (uint)(size / MasterBootRecord.SectorSize), type);
        using var disk = File.Create(output);
        disk.Write(mbr);
        disk.Write(new byte[PartitionStart * MasterBootRecord.SectorSize - mbr.Length]);
        using (var p = File.OpenRead(partition)) p.CopyTo(disk);
    }
}
