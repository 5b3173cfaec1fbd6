using System.Globalization;

namespace Builder.Formats;

/// <summary>
/// A FAT filesystem made as a plain file by dosfstools and mtools (no loop device, no mount, no root):
/// <c>mkfs.fat -C --invariant</c> (fixed volume id and dates), <c>mmd</c> for the directories and
/// <c>mcopy -m</c> for the files, which keeps their staged mtime.
/// </summary>
internal static class FatImage
{
    private const long MiB = 1024 * 1024;
    private static readonly HostTool MkfsFat = new("mkfs.fat", "dosfstools");
    private static readonly HostTool Mcopy = new("mcopy", "mtools");
    private static readonly HostTool Mmd = new("mmd", "mtools");

    /// <summary>FILES are (host file, path in the filesystem); their parent directories are made first.</summary>
    public static void Create(string output, long sizeBytes, bool fat32, long hiddenSectors, long epoch, string staging,
        IReadOnlyList<(string Source, string Path)> files)
    {
        foreach (var tool in new[] { MkfsFat, Mcopy, Mmd }) tool.Locate();
        MkfsFat.Run(epoch, staging, "-C", "--invariant", "-F", fat32 ? "32" : "16", "-n", IsoBiosWriter.VolumeId,
            "-h", hiddenSectors.ToString(CultureInfo.InvariantCulture), output,
            (sizeBytes / 1024).ToString(CultureInfo.InvariantCulture));
        var directories = files.SelectMany(f => Parents(f.Path)).Distinct().OrderBy(d => d.Length).ToList();
        if (directories.Count > 0) Mmd.Run(epoch, staging, ["-i", output, .. directories.Select(d => "::/" + d)]);
        foreach (var (source, path) in files)
        {
            StagedTimes.Set(source, epoch);
            Mcopy.Run(epoch, staging, "-m", "-i", output, source, "::/" + path);
        }
    }

    /// <summary>The files, 5% and 2 MiB for FAT and directories, rounded up to MiB; at least MINIMUM.</summary>
    public static long SizeFor(long fileBytes, long minimum)
    {
        var bytes = fileBytes + fileBytes / 20 + 2 * MiB;
        return Math.Max(minimum, (bytes + MiB - 1) / MiB * MiB);
    }

    private static IEnumerable<string> Parents(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++) yield return string.Join('/', parts[..i]);
    }
}
