namespace Builder.Formats;

/// <summary>The command-line names of the formats and the files each one writes.</summary>
internal static class OutputFormatNames
{
    private static readonly (string Name, OutputFormat Format)[] Known =
    [
        ("kernel+initrd", OutputFormat.KernelInitrd),
        ("iso-bios", OutputFormat.IsoBios),
        ("raw-bios", OutputFormat.RawBios),
        ("iso-efi", OutputFormat.IsoEfi),
        ("raw-efi", OutputFormat.RawEfi),
        ("qcow2-bios", OutputFormat.Qcow2Bios),
        ("qcow2-efi", OutputFormat.Qcow2Efi),
        ("vhd", OutputFormat.Vhd),
        ("vmdk", OutputFormat.Vmdk),
        ("gcp", OutputFormat.Gcp),
        ("aws", OutputFormat.Aws),
        ("kernel+squashfs", OutputFormat.KernelSquashfs),
    ];

    public static string Expected => string.Join(", ", Known.Select(k => k.Name));

    /// <summary>One <c>--format</c> value: a name or a comma-separated list of names.</summary>
    public static IEnumerable<OutputFormat> Parse(string value)
    {
        foreach (var word in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = Known.Where(k => k.Name == word).Select(k => (OutputFormat?)k.Format).FirstOrDefault();
            yield return match ?? throw new BuildFailure($"unknown format \"{word}\" (expected: {Expected})");
        }
    }

    public static string Name(OutputFormat format) => Known.First(k => k.Format == format).Name;

    /// <summary>What the format writes for an image NAME, as the builder reports it: <c>DIR/NAME-{kernel,...}</c>.</summary>
    public static string Files(OutputFormat format, string prefix) => format switch
    {
        OutputFormat.KernelInitrd => $"{prefix}-{{kernel,initrd.img,cmdline}}",
        OutputFormat.IsoBios => $"{prefix}.iso",
        OutputFormat.RawBios => $"{prefix}.raw",
        OutputFormat.IsoEfi => $"{prefix}-efi.iso",
        OutputFormat.RawEfi => $"{prefix}-efi.raw",
        OutputFormat.Qcow2Bios => $"{prefix}.qcow2",
        OutputFormat.Qcow2Efi => $"{prefix}-efi.qcow2",
        OutputFormat.Vhd => $"{prefix}.vhd",
        OutputFormat.Vmdk => $"{prefix}.vmdk",
        OutputFormat.Gcp => $"{prefix}.img.tar.gz",
        OutputFormat.KernelSquashfs => $"{prefix}-{{kernel,cmdline,squashfs.img,squashfs-initrd.img}}",
        _ => $"{prefix}-aws.raw",
    };
}
