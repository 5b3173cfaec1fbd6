using System.Formats.Tar;
using System.IO.Compression;

namespace Builder.Formats;

/// <summary>
/// The clouds' raw-disk uploads. Both clouds take disks in whole GiB, so the disk is padded (sparsely)
/// to the next GiB. gcp: the disk as <c>disk.raw</c> alone in a gzip'd GNU tar, what Compute Engine's
/// image import reads; mtime SOURCE_DATE_EPOCH, owner 0, so the archive is reproducible. aws: the
/// padded raw disk, for EC2's snapshot import.
/// </summary>
internal static class CloudDiskWriter
{
    private const long GiB = 1024L * 1024 * 1024;

    public static void Aws(string raw, string output)
    {
        File.Copy(raw, output);
        using var file = File.Open(output, FileMode.Open, FileAccess.Write);
        file.SetLength(RoundUp(file.Length));
    }

    public static void Gcp(string raw, string output, long epoch, string staging)
    {
        var padded = Path.Combine(staging, "disk.raw");
        Aws(raw, padded);
        using (var archive = File.Create(output))
        using (var gzip = new GZipStream(archive, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true))
        using (var data = File.OpenRead(padded))
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "disk.raw")
            {
                DataStream = data,
                ModificationTime = DateTimeOffset.FromUnixTimeSeconds(epoch),
                AccessTime = DateTimeOffset.FromUnixTimeSeconds(epoch),
                ChangeTime = DateTimeOffset.FromUnixTimeSeconds(epoch),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                Uid = 0,
                Gid = 0,
                UserName = "",
                GroupName = "",
            });
        }
        File.Delete(padded);
    }

    private static long RoundUp(long bytes) => (bytes + GiB - 1) / GiB * GiB;
}
