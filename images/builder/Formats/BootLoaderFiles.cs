namespace Builder.Formats;

/// <summary>The files of Debian's syslinux packages that go into the images, each with the package that ships it.</summary>
internal static class BootLoaderFiles
{
    public static string IsolinuxBin => Require("/usr/lib/ISOLINUX/isolinux.bin", "isolinux");

    /// <summary>The isohybrid MBR: makes the ISO bootable as a disk (USB stick, <c>-drive</c>) as well as a CD.</summary>
    public static string IsohybridMbr => Require("/usr/lib/ISOLINUX/isohdpfx.bin", "isolinux");

    /// <summary>syslinux 6's core module; isolinux.bin loads it from the ISO's isolinux directory.</summary>
    public static string LdlinuxC32 => Require("/usr/lib/syslinux/modules/bios/ldlinux.c32", "syslinux-common");

    /// <summary>440 bytes of MBR boot code that chain-loads the active partition's boot sector.</summary>
    public static string MbrBin => Require("/usr/lib/syslinux/mbr/mbr.bin", "syslinux-common");

    public static string Require(string path, string package) =>
        File.Exists(path) ? path : throw new BuildFailure($"{path} is missing: apt-get install {package}");
}
