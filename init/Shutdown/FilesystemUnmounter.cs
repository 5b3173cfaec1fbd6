using Linux;
using Linux.Native;

namespace Pid1.Shutdown;

/// <summary>
/// Unmounts the filesystems that hold data (disks, overlays, network shares), innermost first. API and
/// memory filesystems are left alone: they lose nothing and busy ones would only produce noise.
/// Network filesystems are detached lazily so an unreachable server cannot hang the shutdown.
/// /proc/mounts lists mounts in the order they were made, so walking it backwards unmounts in reverse
/// mount order: a disk mounted on /var/lib/x by the mount package goes before the overlay it sits in.
/// Each filesystem on a device (a disk) is reported, so the console shows the data disk was let go.
/// </summary>
internal static class FilesystemUnmounter
{
    private static readonly HashSet<string> DataTypes =
        ["ext2", "ext3", "ext4", "btrfs", "xfs", "vfat", "msdos", "exfat", "overlay", "squashfs", "9p", "fuse"];

    private static readonly HashSet<string> NetworkTypes = ["nfs", "nfs4", "cifs", "smb3"];

    public static List<SysError> UnmountAll(Action<string> report, string mountsFile = "/proc/mounts")
    {
        var errors = new List<SysError>();
        string[] lines;
        try { lines = File.ReadAllLines(mountsFile); }
        catch (IOException e) { return [SysError.Of($"read {mountsFile}", e)]; }
        foreach (var line in lines.Reverse())
        {
            var fields = line.Split(' ');
            if (fields.Length < 3 || fields[1] == "/") continue;
            var target = fields[1].Replace("\\040", " ");
            var flags = NetworkTypes.Contains(fields[2]) ? Mount.MNT_DETACH : DataTypes.Contains(fields[2]) ? 0 : -1;
            if (flags < 0) continue;
            if (Mount.umount2(target, flags) == 0)
            {
                if (fields[0].StartsWith("/dev/", StringComparison.Ordinal)) report($"unmounted {fields[2]} {fields[0]} from {target}");
            }
            else if (Errno.Last.Value is not (Errno.EINVAL or Errno.ENOENT))
                errors.Add(SysError.Last($"unmount {fields[2]} {fields[0]} on {target}"));
        }
        return errors;
    }
}
