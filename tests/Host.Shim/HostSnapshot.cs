namespace Tests.HostShim;

/// <summary>What a container may leave behind on the host, counted before and after: mount points in
/// our /proc/self/mountinfo, entries of /run/containers, our zombie children, and live processes whose
/// command line names a container id.</summary>
internal sealed record HostSnapshot(IReadOnlySet<string> Mounts, IReadOnlySet<string> RunEntries, int Zombies)
{
    public static HostSnapshot Take() => new(MountPoints(), RunContainers(), CountZombies());

    /// <summary>Empty when nothing new is left; else one line per leftover. The host's mount table and
    /// /run/containers are shared with whatever else runs on the machine (other test runs, benchmarks), so
    /// only mounts under <paramref name="ours"/> and entries named after <paramref name="idPrefix"/> count.</summary>
    public IEnumerable<string> LeftSince(HostSnapshot before, string idPrefix, params string[] ours)
    {
        foreach (var m in Mounts.Except(before.Mounts))
            if (ours.Any(o => m.StartsWith(o, StringComparison.Ordinal) || m.Contains($"({o}", StringComparison.Ordinal))) yield return "mount " + m;
        foreach (var e in RunEntries.Except(before.RunEntries))
            if (e.StartsWith(idPrefix, StringComparison.Ordinal)) yield return "/run/containers/" + e;
        if (Zombies > before.Zombies) yield return $"{Zombies - before.Zombies} more zombies";
    }

    /// <summary>Live processes (pid and command line) whose argv contains <paramref name="marker"/>.</summary>
    public static IEnumerable<string> ProcessesNaming(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // ended while we looked
            }
            if (cmdline.Contains(marker, StringComparison.Ordinal)) yield return $"{pid}: {cmdline}";
        }
    }

    /// <summary>Mount points with their source, so a second mount on the same point also counts.</summary>
    private static HashSet<string> MountPoints()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var f = line.Split(' ');
            var key = $"{f[4]} ({f[3]})";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            set.Add(counts[key] == 1 ? key : $"{key} #{counts[key]}");
        }
        return set;
    }

    private static HashSet<string> RunContainers() =>
        Directory.Exists("/run/containers")
            ? [.. Directory.EnumerateFileSystemEntries("/run/containers").Select(Path.GetFileName).OfType<string>()]
            : [];

    /// <summary>Our zombies: children of this test process that nobody reaped. A stage 2 or container
    /// process the shim failed to reap is reparented and reaped once the shim ends; while it runs,
    /// <see cref="ZombieChildrenOf"/> finds them. (Other zombies on the machine belong to other work.)</summary>
    private static int CountZombies() => ZombieChildrenOf(Environment.ProcessId).Count();

    public static IEnumerable<int> ZombieChildrenOf(int parent)
    {
        var ppid = parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // "pid (comm) state ppid ...": comm is in parentheses and may contain spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && fields[1] == ppid) yield return pid;
        }
    }
}
