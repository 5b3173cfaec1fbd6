using Linux.Native;

namespace Shim.Cgroups;

/// <summary>Where the cgroup v2 hierarchy must be for the shim to use it, and whether it is there.
/// A hybrid host (cgroup v1 controllers, v2 at /sys/fs/cgroup/unified without controllers) counts
/// as not there: v1 is not supported.</summary>
internal static unsafe class UnifiedHierarchy
{
    public const string Mount = "/sys/fs/cgroup";

    private const long CGROUP2_SUPER_MAGIC = 0x63677270;

    public static bool IsMounted()
    {
        Stat.statfs_t fs;
        return Stat.statfs(Mount, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
    }
}
