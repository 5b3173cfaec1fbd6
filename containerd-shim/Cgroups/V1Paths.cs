using Linux;

namespace Shim.Cgroups;

/// <summary>Where a container's cgroup is in each v1 hierarchy: cgroupsPath (or /containers/ID when
/// only resources are given) as an absolute path from the hierarchy's root, or, when relative, from
/// our own cgroup in that hierarchy (runc's cgroupfs rule), so /proc/PID/cgroup of the container
/// ends with the relative path.</summary>
internal static class V1Paths
{
    public static List<(V1Hierarchy Hierarchy, string Directory)> DirectoriesFor(CgroupRequest request, string id, IReadOnlyList<V1Hierarchy> hierarchies)
    {
        var path = request.PathFor(id);
        var found = new List<(V1Hierarchy, string)>();
        foreach (var hierarchy in hierarchies)
        {
            var cgroupPath = hierarchy.PathFor(path, request.Relative);
            var directory = hierarchy.DirectoryOf(cgroupPath)
                ?? throw new SysException(SysError.Plain($"linux.cgroupsPath: {cgroupPath} is outside the part of cgroup hierarchy " +
                    $"\"{hierarchy.Key}\" mounted at {hierarchy.MountPoint} ({hierarchy.MountRoot})"));
            found.Add((hierarchy, directory));
        }
        return found;
    }

    /// <summary>The directories of the cgroups a running process is in, one per hierarchy known here
    /// (from /proc/PID/cgroup): what <c>exec</c> joins and <c>ps</c> reads.</summary>
    public static List<(V1Hierarchy Hierarchy, string Directory)> OfProcess(int pid, IReadOnlyList<V1Hierarchy> hierarchies) =>
        Of($"/proc/{pid}/cgroup", hierarchies);

    /// <summary>The calling process's, by /proc/self: stage 2 is pid 1 of a pid namespace whose /proc
    /// is not mounted yet, so its own pid would name the host's init.</summary>
    public static List<(V1Hierarchy Hierarchy, string Directory)> OfSelf(IReadOnlyList<V1Hierarchy> hierarchies) =>
        Of("/proc/self/cgroup", hierarchies);

    private static List<(V1Hierarchy Hierarchy, string Directory)> Of(string procCgroup, IReadOnlyList<V1Hierarchy> hierarchies)
    {
        var found = new List<(V1Hierarchy, string)>();
        foreach (var line in (CgroupFile.Read(procCgroup) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && hierarchies.FirstOrDefault(h => h.Key == parts[1]) is { } hierarchy
                && hierarchy.DirectoryOf(parts[2]) is { } directory)
                found.Add((hierarchy, directory));
        }
        return found;
    }
}
