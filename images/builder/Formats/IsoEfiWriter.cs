namespace Builder.Formats;

/// <summary>
/// Writes NAME-efi.iso: an ISO 9660 volume whose El Torito catalogue has one UEFI entry (platform 0xEF),
/// a FAT image holding the same ESP as raw-efi (systemd-boot, /kernel, /initrd.img; FAT16, as such
/// images usually are). xorriso's <c>-isohybrid-gpt-basdat</c> adds a GPT naming that image as an EFI
/// system partition, so the file boots as a disk (USB stick, <c>-drive</c>) too. Reproducible as
/// iso-bios is (fixed mtimes, <c>-r</c>, xorriso's dates from <c>SOURCE_DATE_EPOCH</c>).
/// </summary>
internal static class IsoEfiWriter
{
    private static readonly HostTool Xorriso = new("xorriso", "xorriso");

    public static void Write(BootInputs inputs, string staging, string output)
    {
        Xorriso.Locate();
        var root = Path.Combine(staging, "iso-efi-root");
        Directory.CreateDirectory(root);
        EfiSystemPartition.Write(inputs, staging, Path.Combine(root, "efiboot.img"), forDisk: false, hiddenSectors: 0);
        StagedTimes.Set(root, inputs.Epoch);
        Xorriso.Run(inputs.Epoch, staging,
            "-as", "mkisofs", "-quiet", "-o", output, "-V", IsoBiosWriter.VolumeId, "-r",
            "-e", "efiboot.img", "-no-emul-boot", "-isohybrid-gpt-basdat", root);
        Directory.Delete(root, recursive: true);
    }
}
