using System.Globalization;

namespace ShimV2.Serve;

/// <summary>
/// The container's OOM-kill count, read from its memory cgroup: <c>memory.oom_control</c>'s <c>oom_kill</c>
/// on a v1 (or hybrid) host, <c>memory.events</c>'s <c>oom_kill</c> on a unified one. The count taken when the
/// task was created is compared with the one when its init process exits (the reaper's continuation reads it
/// before publishing the exit), so no thread, inotify or eventfd watches it while the task runs: containerd's
/// CRI plugin only needs the TaskOOM before the TaskExit to report the reason OOMKilled. The cgroup is the one
/// /proc/PID/cgroup names for the init process, found under the mount of its hierarchy.
/// </summary>
internal sealed class OomCounter
{
    private readonly string _file;
    private readonly ulong _baseline;

    private OomCounter(string file, ulong baseline) => (_file, _baseline) = (file, baseline);

    /// <summary>The counter of PID's memory cgroup, or null (logged) when it has none or cannot be read.</summary>
    public static OomCounter? Of(int pid)
    {
        try
        {
            var file = FileOf(File.ReadAllLines($"/proc/{pid}/cgroup"), File.ReadAllLines("/proc/self/mountinfo"));
            if (file is null)
            {
                Log.Write($"pid {pid}: no memory cgroup found: OOM kills are not reported");
                return null;
            }
            return new OomCounter(file, Read(file) ?? 0);
        }
        catch (IOException e)
        {
            Log.Write($"pid {pid}: OOM kills are not reported: {e.Message}");
            return null;
        }
    }

    /// <summary>True when a process of the cgroup was OOM-killed since the task was created.</summary>
    public bool Increased()
    {
        try
        {
            return Read(_file) is { } now && now > _baseline;
        }
        catch (IOException e)
        {
            Log.Write($"read {_file}: {e.Message}");
            return false;
        }
    }

    /// <summary>The memory cgroup's counter file: the v1 memory hierarchy's line of /proc/PID/cgroup when a v1
    /// memory controller is mounted, else the cgroup2 line (<c>0::PATH</c>) under the cgroup2 mount.</summary>
    internal static string? FileOf(IEnumerable<string> procCgroup, IEnumerable<string> mountinfo) =>
        DirectoryOf(procCgroup, mountinfo) is var (directory, v1)
            ? Path.Combine(directory, v1 ? "memory.oom_control" : "memory.events") : null;

    /// <summary>The directory of the memory cgroup /proc/PID/cgroup names (v1's when a v1 memory controller is
    /// mounted, else the cgroup2 one), and whether it is v1's.</summary>
    internal static (string Directory, bool V1)? DirectoryOf(IEnumerable<string> procCgroup, IEnumerable<string> mountinfo)
    {
        string? v1 = null, v2 = null;
        foreach (var line in procCgroup)
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (parts[0] == "0" && parts[1].Length == 0) v2 = parts[2];
            else if (parts[1].Split(',').Contains("memory")) v1 = parts[2];
        }
        string? v1Mount = null, v1Root = null, v2Mount = null, v2Root = null;
        foreach (var line in mountinfo)
        {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash < 5 || dash + 3 >= fields.Length) continue;
            if (fields[dash + 1] == "cgroup" && fields[dash + 3].Split(',').Contains("memory")) (v1Mount, v1Root) = (fields[4], fields[3]);
            else if (fields[dash + 1] == "cgroup2") (v2Mount, v2Root) = (fields[4], fields[3]);
        }
        if (v1 is not null && v1Mount is not null && Below(v1Mount, v1Root!, v1) is { } d1) return (d1, true);
        if (v2 is not null && v2Mount is not null && Below(v2Mount, v2Root!, v2) is { } d2) return (d2, false);
        return null;
    }

    /// <summary>The directory of cgroup PATH under a mount showing the hierarchy's ROOT (not "/" inside a container).</summary>
    private static string? Below(string mount, string root, string path)
    {
        if (root == "/") return mount + (path == "/" ? "" : path);
        if (path == root) return mount;
        return path.StartsWith(root + "/", StringComparison.Ordinal) ? mount + path[root.Length..] : null;
    }

    /// <summary>The <c>oom_kill N</c> line's N; null when the kernel has none (v1 before Linux 4.13).</summary>
    internal static ulong? Parse(string text)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        return null;
    }

    private static ulong? Read(string file) => Parse(File.ReadAllText(file));
}
