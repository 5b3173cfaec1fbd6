using System.Globalization;
using System.Text;

namespace Shim.Cgroups;

/// <summary>
/// Finds the hierarchies of a v1 or hybrid host from /proc/self/cgroup (which hierarchies exist and
/// our place in each) and /proc/self/mountinfo (where each is mounted), never by guessing directory
/// names: cpu and cpuacct may share one mount ("cpu,cpuacct"), a distribution may mount them anywhere.
/// </summary>
internal static class V1Hierarchies
{
    /// <summary>Each hierarchy of <paramref name="procCgroup"/> that has a cgroup (v1) or, for the "0::"
    /// line, cgroup2 mount in <paramref name="mountinfo"/>; a mount of the whole hierarchy is preferred.
    /// <paramref name="reachable"/> drops mounts hidden under another one.</summary>
    public static List<V1Hierarchy> Parse(string procCgroup, string mountinfo, Func<string, bool, bool>? reachable = null)
    {
        var mounts = Mounts(mountinfo).Where(m => reachable?.Invoke(m.Point, m.Type == "cgroup2") != false).ToList();
        var found = new List<V1Hierarchy>();
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            var key = parts[1];
            var controllers = key.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var candidates = mounts.Where(m => key.Length == 0
                ? m.Type == "cgroup2"
                : m.Type == "cgroup" && controllers.All(c => m.Options.Contains(c))).ToList();
            var mount = candidates.Find(m => m.Root == "/") ?? candidates.FirstOrDefault();
            if (mount is null) continue;
            found.Add(new V1Hierarchy(key, controllers, mount.Point, mount.Root, parts[2]));
        }
        return found;
    }

    private sealed record MountEntry(string Root, string Point, string Type, string[] Options);

    /// <summary>The cgroup and cgroup2 mounts: "ID PARENT DEV ROOT POINT OPTS [OPTIONAL...] - TYPE SOURCE SUPER".</summary>
    private static IEnumerable<MountEntry> Mounts(string mountinfo)
    {
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3 || tail[0] is not ("cgroup" or "cgroup2")) continue;
            yield return new MountEntry(Unescape(fields[3]), Unescape(fields[4]), tail[0], tail[2].Split(','));
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}
