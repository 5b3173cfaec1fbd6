namespace Shim.Cgroups;

/// <summary>Where the cgroup v2 hierarchy must be for the shim's v2 code path, and whether it is there.
/// A hybrid host (cgroup v1 controllers, v2 at /sys/fs/cgroup/unified without controllers) counts
/// as not there: <see cref="HostCgroups"/> takes it as a v1 layout.</summary>
internal static class UnifiedHierarchy
{
    public const string Mount = "/sys/fs/cgroup";

    public static bool IsMounted() => HostCgroups.IsCgroupMount(Mount, v2: true);
}
