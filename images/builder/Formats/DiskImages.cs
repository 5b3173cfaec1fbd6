using Builder.Tree;

namespace Builder.Formats;

/// <summary>
/// Writes the bootable disk formats asked for into the staging directory, from the kernel+initrd build,
/// and names the files they become in the output directory. The BIOS and EFI raw disks are made once
/// and converted into the other formats (qcow2, vhd, vmdk, gcp, aws).
/// </summary>
internal static class DiskImages
{
    public static bool AnyOf(IEnumerable<OutputFormat> formats) =>
        formats.Any(f => f is not (OutputFormat.KernelInitrd or OutputFormat.KernelSquashfs));

    /// <summary>Returns (staged file, output file name) per disk format; nothing is in the output directory yet.</summary>
    public static List<(string Staged, string FileName)> Write(IReadOnlyCollection<OutputFormat> formats, string name, string staging,
        FileContent bzImage, string initrd, string cmdline)
    {
        // Copies, because the writers give their inputs the fixed mtime and NAME-initrd.img keeps the build's.
        var inputs = new BootInputs(Path.Combine(staging, "disk-kernel"), Path.Combine(staging, "disk-initrd.img"), cmdline, SourceDate.Seconds());
        using (var to = File.Create(inputs.BzImage))
        using (var from = bzImage.OpenRead()) from.CopyTo(to);
        File.Copy(initrd, inputs.Initrd);
        var bases = new BaseDisks(inputs, staging);
        var written = new List<(string, string)>();
        foreach (var format in formats.Distinct())
        {
            if (format is OutputFormat.KernelInitrd or OutputFormat.KernelSquashfs) continue;
            var fileName = Path.GetFileName(OutputFormatNames.Files(format, name));
            var staged = Path.Combine(staging, fileName);
            try
            {
                WriteOne(format, inputs, bases, staging, staged);
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"format {OutputFormatNames.Name(format)}");
            }
            written.Add((staged, fileName));
        }
        return written;
    }

    private static void WriteOne(OutputFormat format, BootInputs inputs, BaseDisks bases, string staging, string staged)
    {
        var epoch = inputs.Epoch;
        switch (format)
        {
            case OutputFormat.IsoBios: IsoBiosWriter.Write(inputs, staging, staged); break;
            case OutputFormat.IsoEfi: IsoEfiWriter.Write(inputs, staging, staged); break;
            case OutputFormat.RawBios: File.Copy(bases.Bios, staged); break;
            case OutputFormat.RawEfi: File.Copy(bases.Efi, staged); break;
            case OutputFormat.Qcow2Bios: QemuImgConverter.Qcow2(bases.Bios, staged, epoch, staging); break;
            case OutputFormat.Qcow2Efi: QemuImgConverter.Qcow2(bases.Efi, staged, epoch, staging); break;
            case OutputFormat.Vhd: QemuImgConverter.Vhd(bases.Bios, staged, epoch, staging); break;
            case OutputFormat.Vmdk: QemuImgConverter.Vmdk(bases.Bios, staged, epoch, staging); break;
            case OutputFormat.Gcp: CloudDiskWriter.Gcp(bases.Bios, staged, epoch, staging); break;
            case OutputFormat.Aws: CloudDiskWriter.Aws(bases.Bios, staged); break;
            default: throw new BuildFailure($"no writer for {format}");
        }
    }
}
