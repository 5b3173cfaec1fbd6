using System.Text;
using System.Text.Json;
using Linux;
using Linux.Native;

namespace Metadata.Providers;

/// <summary>
/// A CD (or any block device) with an ISO 9660 or FAT filesystem that is either NoCloud's
/// (labelled cidata/CIDATA: <c>user-data</c>, <c>meta-data</c> with <c>local-hostname</c>) or holds a
/// file <c>config</c> (what <c>linuxkit run -data</c> and <c>./build.sh run --data</c> attach, labelled
/// config): that file is the userdata. Each candidate is mounted read-only on <see cref="MountPoint"/>
/// and unmounted after reading. The devices are /sys/class/block's, in name order; the first that has
/// data wins. isofs is a module in our kernel package: the mount asks for fs-iso9660 and init's
/// modprobe helper loads it.
/// </summary>
internal sealed class CdromProvider(string sysBlock, string devDir, string mountPoint) : IProvider
{
    public const string SysBlock = "/sys/class/block";

    /// <summary>An empty directory of the package's image (its rootfs is read-only; a mount point need not be writable).</summary>
    public const string MountPoint = "/mnt/metadata";

    private const ulong Flags = Mount.MS_RDONLY | Mount.MS_NOSUID | Mount.MS_NODEV | Mount.MS_NOEXEC;

    public string Name => "cdrom";

    public Outcome Fetch()
    {
        if (!Directory.Exists(sysBlock)) return Outcome.Fail($"{sysBlock} is missing: is /sys mounted?");
        var tried = new List<string>();
        foreach (var name in Directory.GetFileSystemEntries(sysBlock).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (name is null || name.StartsWith("loop", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal)) continue;
            var device = Path.Combine(devDir, name);
            Volume? volume;
            try
            {
                if (File.ReadAllText(Path.Combine(sysBlock, name, "size")).Trim() == "0") continue; // an empty drive
                volume = VolumeProbe.Read(device);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tried.Add($"{device}: {SysError.Of("read", e)}");
                continue;
            }
            if (volume is null)
            {
                tried.Add($"{device}: no ISO 9660 or FAT filesystem");
                continue;
            }
            var outcome = Read(device, volume);
            if (outcome.Data is not null)
            {
                outcome.Data.Skipped.AddRange(tried);
                return outcome;
            }
            tried.Add(outcome.Failure!);
        }
        return Outcome.Fail(tried.Count == 0 ? "no block device" : string.Join("; ", tried));
    }

    private Outcome Read(string device, Volume volume)
    {
        var what = $"{device}: {volume.Kind} \"{volume.Label}\"";
        // vfat's default character set is ascii, whose nls module our kernel package does not carry
        // ("FAT-fs: IO charset ascii not found", EINVAL); iso8859-1 it does (for EFI system partitions).
        var options = volume.Type == "vfat" ? "iocharset=iso8859-1" : null;
        if (Mount.mount(device, mountPoint, volume.Type, Flags, options) != 0)
            return Outcome.Fail($"{what}: {SysError.Last($"mount {volume.Type} {device} on {mountPoint} read-only")}");
        try
        {
            return Files(what, volume, mountPoint);
        }
        finally
        {
            if (Mount.umount2(mountPoint, 0) != 0)
                Console.WriteLine($"metadata: cdrom: {SysError.Last($"umount {mountPoint}")}");
        }
    }

    /// <summary>What a mounted volume holds: <c>config</c>, or NoCloud's files on a cidata volume.</summary>
    public static Outcome Files(string what, Volume volume, string dir)
    {
        var config = Path.Combine(dir, "config");
        if (File.Exists(config)) return Outcome.Of(new Found { Userdata = File.ReadAllBytes(config) });
        var userData = Path.Combine(dir, "user-data");
        var metaData = Path.Combine(dir, "meta-data");
        if (!volume.Label.Equals("cidata", StringComparison.OrdinalIgnoreCase))
            return Outcome.Fail($"{what}: no file config (and not labelled cidata)");
        if (!File.Exists(userData) && !File.Exists(metaData))
            return Outcome.Fail($"{what}: labelled cidata but holds neither user-data nor meta-data");
        var found = new Found();
        if (File.Exists(userData)) found.Userdata = File.ReadAllBytes(userData);
        if (File.Exists(metaData)) found.Hostname = NoCloudHostname(File.ReadAllText(metaData));
        return Outcome.Of(found);
    }

    /// <summary>meta-data's <c>local-hostname</c> (YAML <c>key: value</c> lines, or JSON as some tools write it).</summary>
    public static string? NoCloudHostname(string metaData)
    {
        if (metaData.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(metaData);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("local-hostname", out var h)
                    && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        foreach (var line in metaData.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() != "local-hostname") continue;
            var value = line[(colon + 1)..].Trim().Trim('"', '\'');
            return value.Length > 0 ? value : null;
        }
        return null;
    }
}
