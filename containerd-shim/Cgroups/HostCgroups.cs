using Linux.Native;

namespace Shim.Cgroups;

/// <summary>
/// This host's cgroup layout, looked at once per process and only when a bundle asks for a cgroup.
/// cgroup2 at /sys/fs/cgroup is <see cref="CgroupLayout.Unified"/> (the v2 code path, unchanged);
/// otherwise the v1 hierarchies in /proc/self/mountinfo that can really be reached (a mount hidden
/// under a later tmpfs is still listed there) make it <see cref="CgroupLayout.Legacy"/>.
/// </summary>
internal static unsafe class HostCgroups
{
    private const long CGROUP_SUPER_MAGIC = 0x27e0eb;
    private const long CGROUP2_SUPER_MAGIC = 0x63677270;

    private static readonly Lazy<List<V1Hierarchy>> LegacyHierarchies = new(Find);

    public static CgroupLayout Layout =>
        UnifiedHierarchy.IsMounted() ? CgroupLayout.Unified
        : LegacyHierarchies.Value.Any(h => h.Controllers.Any(c => !c.StartsWith("name=", StringComparison.Ordinal))) ? CgroupLayout.Legacy
        : CgroupLayout.None;

    /// <summary>Every hierarchy of a v1 or hybrid host, name=systemd and the hybrid cgroup2 one included
    /// (the container joins them all, as with runc). Used only when <see cref="Layout"/> is Legacy.</summary>
    public static IReadOnlyList<V1Hierarchy> Hierarchies => LegacyHierarchies.Value;

    private static List<V1Hierarchy> Find()
    {
        var procCgroup = CgroupFile.Read("/proc/self/cgroup");
        var mountinfo = CgroupFile.Read("/proc/self/mountinfo");
        if (procCgroup is null || mountinfo is null) return [];
        return V1Hierarchies.Parse(procCgroup, mountinfo, IsCgroupMount);
    }

    /// <summary>Whether <paramref name="point"/> is a cgroup2 (or, with v2 false, a cgroup v1) filesystem.</summary>
    public static bool IsCgroupMount(string point, bool v2)
    {
        Stat.statfs_t fs;
        return Stat.statfs(point, &fs) == 0 && fs.f_type == (v2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC);
    }
}
