namespace Builder.Formats;

/// <summary>
/// Writes NAME.iso: an ISO 9660 (Rock Ridge) volume made by xorriso, booted by isolinux through El Torito
/// "no emulation", with an isohybrid MBR so the same file also boots as a disk. Reproducible because
/// every file has the same mtime, Rock Ridge's <c>-r</c> makes owners 0 and modes uniform (no host user
/// or umask leaks in), and xorriso takes its volume dates and UUID from <c>SOURCE_DATE_EPOCH</c>.
/// </summary>
internal static class IsoBiosWriter
{
    public const string VolumeId = "CINIT";

    private static readonly HostTool Xorriso = new("xorriso", "xorriso");

    public static void Write(BootInputs inputs, string staging, string output)
    {
        Xorriso.Locate();
        var root = Path.Combine(staging, "iso-root");
        var loader = Path.Combine(root, "isolinux");
        Directory.CreateDirectory(loader);
        File.Copy(BootLoaderFiles.IsolinuxBin, Path.Combine(loader, "isolinux.bin"));
        File.Copy(BootLoaderFiles.LdlinuxC32, Path.Combine(loader, "ldlinux.c32"));
        File.WriteAllText(Path.Combine(loader, "isolinux.cfg"), SyslinuxConfig.Text(inputs.Cmdline));
        File.Copy(inputs.BzImage, Path.Combine(root, "kernel"));
        File.Copy(inputs.Initrd, Path.Combine(root, "initrd.img"));
        StagedTimes.Set(root, inputs.Epoch);
        Xorriso.Run(inputs.Epoch, staging,
            "-as", "mkisofs", "-quiet", "-o", output, "-V", VolumeId, "-r",
            "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
            "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-isohybrid-mbr", BootLoaderFiles.IsohybridMbr, root);
        Directory.Delete(root, recursive: true);
    }
}
