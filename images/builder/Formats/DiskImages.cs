using Builder.Tree;

namespace Builder.Formats;

/// <summary>
/// Writes the bootable disk formats asked for into the staging directory, from the kernel+initrd build,
/// and names the files they become in the output directory.
/// </summary>
internal static class DiskImages
{
    public static bool AnyOf(IEnumerable<OutputFormat> formats) => formats.Any(f => f != OutputFormat.KernelInitrd);

    /// <summary>Returns (staged file, output file name) per disk format; nothing is in the output directory yet.</summary>
    public static List<(string Staged, string FileName)> Write(IReadOnlyCollection<OutputFormat> formats, string name, string staging,
        FileContent bzImage, string initrd, string cmdline)
    {
        // Copies, because the writers give their inputs the fixed mtime and NAME-initrd.img keeps the build's.
        var inputs = new BootInputs(Path.Combine(staging, "disk-kernel"), Path.Combine(staging, "disk-initrd.img"), cmdline, SourceDate.Seconds());
        using (var to = File.Create(inputs.BzImage))
        using (var from = bzImage.OpenRead()) from.CopyTo(to);
        File.Copy(initrd, inputs.Initrd);
        var written = new List<(string, string)>();
        foreach (var format in formats.Distinct())
        {
            var fileName = Path.GetFileName(OutputFormatNames.Files(format, name));
            var staged = Path.Combine(staging, fileName);
            try
            {
                switch (format)
                {
                    case OutputFormat.IsoBios: IsoBiosWriter.Write(inputs, staging, staged); break;
                    case OutputFormat.RawBios: RawBiosWriter.Write(inputs, staging, staged); break;
                    default: continue;
                }
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"format {OutputFormatNames.Name(format)}");
            }
            written.Add((staged, fileName));
        }
        return written;
    }
}
