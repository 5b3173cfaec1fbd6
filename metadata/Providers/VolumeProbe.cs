using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Metadata.Providers;

/// <summary>A filesystem the cdrom provider can read: its mount(2) type and volume label.</summary>
internal sealed record Volume(string Type, string Label)
{
    public string Kind => Type == "iso9660" ? "ISO 9660" : "FAT";
}

/// <summary>
/// Reads the volume label from the start of a block device: ISO 9660's primary volume descriptor
/// (sector 16: type 1, "CD001", volume identifier at byte 40) or a FAT boot sector (0x55AA, the
/// FAT12/16 or FAT32 extended boot record's label). Our own few bytes instead of blkid: the
/// package then needs no util-linux, and these two layouts are all the provider accepts.
/// </summary>
internal static class VolumeProbe
{
    public static Volume? Read(SafeFileHandle device)
    {
        var iso = new byte[2048];
        if (RandomAccess.Read(device, iso, 16 * 2048) == iso.Length && iso[0] == 1 && iso.AsSpan(1, 5).SequenceEqual("CD001"u8))
            return new Volume("iso9660", Text(iso.AsSpan(40, 32)));
        var boot = new byte[512];
        if (RandomAccess.Read(device, boot, 0) != boot.Length || boot[510] != 0x55 || boot[511] != 0xAA) return null;
        if (boot.AsSpan(82, 5).SequenceEqual("FAT32"u8)) return new Volume("vfat", Label(boot.AsSpan(71, 11)));
        if (boot.AsSpan(54, 4).SequenceEqual("FAT1"u8)) return new Volume("vfat", Label(boot.AsSpan(43, 11)));
        return null;
    }

    public static Volume? Read(string device)
    {
        using var handle = File.OpenHandle(device, FileMode.Open, FileAccess.Read);
        return Read(handle);
    }

    // FAT's "NO NAME    " is the absence of a label.
    private static string Label(ReadOnlySpan<byte> field) => Text(field) is var l && l == "NO NAME" ? "" : l;

    private static string Text(ReadOnlySpan<byte> field) => Encoding.ASCII.GetString(field).TrimEnd(' ', '\0');
}
