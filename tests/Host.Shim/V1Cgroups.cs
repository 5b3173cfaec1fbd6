namespace Tests.HostShim;

/// <summary>
/// This host's cgroup v1 hierarchies as the tests see them, found independently of the shim's code:
/// each line of our /proc/self/cgroup ("ID:KEY:PATH") with the cgroup (KEY's controllers among the
/// super options) or, for "0::", cgroup2 mount of /proc/self/mountinfo. Our CI machines are v1
/// hybrid; on a pure v2 host these tests cannot show anything and say so.
/// </summary>
internal sealed record V1Cgroups(IReadOnlyList<(string Key, string Mount, string Own)> Hierarchies)
{
    public static V1Cgroups OfThisHost()
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(" - "))
            .Where(p => p.Length == 2 && p[1].Split(' ')[0] is "cgroup" or "cgroup2" && p[0].Split(' ')[3] == "/")
            .Select(p => (Point: p[0].Split(' ')[4], Type: p[1].Split(' ')[0], Options: p[1].Split(' ')[2].Split(','))).ToList();
        var found = new List<(string, string, string)>();
        foreach (var line in File.ReadAllLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            var controllers = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            var mount = mounts.FirstOrDefault(m => parts[1].Length == 0 ? m.Type == "cgroup2" : m.Type == "cgroup" && controllers.All(m.Options.Contains));
            if (mount.Point is not null) found.Add((parts[1], mount.Point, parts[2]));
        }
        if (!found.Any(h => h.Item1 == "memory"))
            throw new InvalidOperationException("these tests need a cgroup v1 or hybrid host (memory controller on a cgroup v1 mount), as CI has; " +
                "this host has none (pure cgroup v2: the VM's CgroupBootTests cover that)");
        return new V1Cgroups(found);
    }

    /// <summary>The host directory of an absolute cgroup path in the hierarchy named <paramref name="key"/>.</summary>
    public string Dir(string key, string path) => Hierarchies.First(h => h.Key == key).Mount + path;

    /// <summary>A relative cgroupsPath's directory: below our own cgroup there.</summary>
    public string RelativeDir(string key, string path)
    {
        var own = Hierarchies.First(h => h.Key == key).Own;
        return Dir(key, (own == "/" ? "" : own) + "/" + path);
    }

    /// <summary>Every hierarchy's directory for an absolute path.</summary>
    public IEnumerable<string> All(string path) => Hierarchies.Select(h => h.Mount + path);

    /// <summary>Best effort: what a failed test left (children first).</summary>
    public void RemoveLeftovers(string path)
    {
        foreach (var dir in All(path).Where(Directory.Exists))
        {
            foreach (var child in Directory.GetDirectories(dir)) TryRmdir(child);
            TryRmdir(dir);
        }
    }

    private static void TryRmdir(string dir)
    {
        try
        {
            Directory.Delete(dir);
        }
        catch (IOException)
        {
        }
    }
}
