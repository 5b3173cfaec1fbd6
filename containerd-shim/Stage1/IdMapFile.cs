using System.Text;
using Linux;
using Linux.Native;

namespace Shim.Stage1;

/// <summary>/proc/PID/uid_map and gid_map of a child in a new user namespace, written by the shim (root
/// in the parent namespace, so any range is allowed and setgroups may stay "allow": stage 2 sets the
/// container's additionalGids with it, as runc does for a privileged container). The kernel takes the
/// whole map in one write(2), once.</summary>
internal static unsafe class IdMapFile
{
    public static SysError? Write(int pid, string file, IReadOnlyList<Oci.IdMapping>? mappings)
    {
        var path = $"/proc/{pid}/{file}";
        var text = new StringBuilder();
        foreach (var m in mappings ?? []) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{m.ContainerId} {m.HostId} {m.Size}\n");
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        var fd = Fcntl.open(path, Fcntl.O_WRONLY | Fcntl.O_CLOEXEC, 0);
        if (fd < 0) return SysError.Last($"open {path}");
        try
        {
            fixed (byte* p = bytes)
            {
                var n = Fcntl.write(fd, p, (nuint)bytes.Length);
                if (n < 0) return SysError.Last($"write {path} \"{text.ToString().TrimEnd().Replace("\n", ", ", StringComparison.Ordinal)}\"");
                return n == bytes.Length ? null : SysError.Plain($"write {path}: short write ({n} of {bytes.Length} bytes)");
            }
        }
        finally
        {
            Fcntl.close(fd);
        }
    }
}
