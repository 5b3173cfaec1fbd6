namespace Shim.Cgroups;

/// <summary>How this host's cgroups are mounted (<see cref="HostCgroups.Layout"/>).</summary>
internal enum CgroupLayout
{
    /// <summary>No cgroup hierarchy the shim can reach: resources are refused, a path alone is ignored.</summary>
    None,

    /// <summary>cgroup v2 at /sys/fs/cgroup (our VM's init mounts it so).</summary>
    Unified,

    /// <summary>cgroup v1 controllers each at their own mount (v1 or hybrid: /sys/fs/cgroup/memory, ...).</summary>
    Legacy,
}
