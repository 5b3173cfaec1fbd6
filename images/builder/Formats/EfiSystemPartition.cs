namespace Builder.Formats;

/// <summary>
/// The FAT filesystem that UEFI firmware boots from: systemd-boot (Debian's systemd-boot-efi) as the
/// removable-media loader <c>/EFI/BOOT/BOOTX64.EFI</c>, which the firmware starts without any boot entry
/// in NVRAM, and a loader entry that starts <c>/kernel</c> (the bzImage, whose EFI stub makes it an EFI
/// program) with <c>/initrd.img</c> and the cmdline. Why systemd-boot: Debian 12 ships it as a signed-off
/// binary that needs no generation step (grub-mkstandalone would build an image of its own per build,
/// and a UKI needs ukify, which Debian 12 lacks, or objcopy section surgery), its configuration is two
/// text files, and <c>timeout 0</c> boots at once. The kernel stays a file of its own on the ESP.
/// </summary>
internal static class EfiSystemPartition
{
    /// <summary>FAT32 for disks, as the UEFI spec asks of an ESP (real firmware may refuse FAT16): 65525 clusters of 512 bytes and a margin.</summary>
    private const long Fat32Minimum = 40L * 1024 * 1024, Fat16Minimum = 16L * 1024 * 1024;

    public static string SystemdBoot => BootLoaderFiles.Require("/usr/lib/systemd/boot/efi/systemd-bootx64.efi", "systemd-boot-efi");

    /// <summary>Writes the ESP as a file; <paramref name="forDisk"/> picks FAT32 (a disk's ESP) over FAT16 (an ISO's El Torito image).</summary>
    public static long Write(BootInputs inputs, string staging, string output, bool forDisk, long hiddenSectors)
    {
        var loader = SystemdBoot;
        var dir = Path.Combine(staging, "esp-files");
        Directory.CreateDirectory(dir);
        var loaderConf = Path.Combine(dir, "loader.conf");
        // editor no: a key press must not let the console user edit the cmdline (init=/bin/sh).
        File.WriteAllText(loaderConf, "default cinit.conf\ntimeout 0\neditor no\n");
        var entry = Path.Combine(dir, "cinit.conf");
        File.WriteAllText(entry, $"title cinit\nlinux /kernel\ninitrd /initrd.img\noptions {inputs.Cmdline}\n");
        var files = new List<(string, string)>
        {
            (loader, "EFI/BOOT/BOOTX64.EFI"),
            (loaderConf, "loader/loader.conf"),
            (entry, "loader/entries/cinit.conf"),
            (inputs.BzImage, "kernel"),
            (inputs.Initrd, "initrd.img"),
        };
        var bytes = files.Sum(f => new FileInfo(f.Item1).Length);
        var size = FatImage.SizeFor(bytes, forDisk ? Fat32Minimum : Fat16Minimum);
        // mcopy -m keeps mtimes: systemd-boot is copied from /usr/lib, so stage it to give it the fixed one.
        var stagedLoader = Path.Combine(dir, "BOOTX64.EFI");
        File.Copy(loader, stagedLoader);
        files[0] = (stagedLoader, "EFI/BOOT/BOOTX64.EFI");
        FatImage.Create(output, size, fat32: forDisk, hiddenSectors, inputs.Epoch, staging, files);
        Directory.Delete(dir, recursive: true);
        return size;
    }
}
