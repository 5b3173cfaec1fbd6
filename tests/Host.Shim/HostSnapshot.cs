namespace Tests.HostShim;

/// <summary>What a container may leave behind on the host, counted before and after: mount points in
/// our /proc/self/mountinfo, entries of /run/containers, zombies anywhere, and live processes whose
/// command line names a container id.</summary>
internal sealed record HostSnapshot(IReadOnlySet<string> Mounts, IReadOnlySet<string> RunEntries, int Zombies)
{
    public static HostSnapshot Take() => new(MountPoints(), RunContainers(), CountZombies());

    /// <summary>Empty when nothing new is left; else one line per leftover.</summary>
    public IEnumerable<string> LeftSince(HostSnapshot before)
    {
        foreach (var m in Mounts.Except(before.Mounts)) yield return "mount " + m;
        foreach (var e in RunEntries.Except(before.RunEntries)) yield return "/run/containers/" + e;
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

    private static int CountZombies()
    {
        var zombies = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The state follows the command name, which is in parentheses and may contain spaces.
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) zombies++;
            }
            catch (IOException)
            {
            }
        }
        return zombies;
    }
}
