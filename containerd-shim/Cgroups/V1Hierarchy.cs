namespace Shim.Cgroups;

/// <summary>
/// One cgroup hierarchy on a v1 or hybrid host, as /proc/self/cgroup names it (<paramref name="Key"/>:
/// "memory", "cpu,cpuacct", "name=systemd", or "" for the cgroup2 hierarchy of a hybrid host) and where
/// it is mounted. <paramref name="MountRoot"/> is the cgroup shown at <paramref name="MountPoint"/>
/// ("/" unless the mount shows only a subtree, as inside a container); <paramref name="OwnPath"/> is
/// the calling process's cgroup in it, which a relative cgroupsPath starts from.
/// </summary>
internal sealed record V1Hierarchy(string Key, IReadOnlyList<string> Controllers, string MountPoint, string MountRoot, string OwnPath)
{
    public bool Has(string controller) => Controllers.Contains(controller);

    /// <summary>The host directory of a cgroup path of this hierarchy (absolute, as /proc/PID/cgroup
    /// shows it), or null when this mount does not show that part of the hierarchy.</summary>
    public string? DirectoryOf(string cgroupPath)
    {
        if (MountRoot == "/") return MountPoint + (cgroupPath == "/" ? "" : cgroupPath);
        if (cgroupPath == MountRoot) return MountPoint;
        return cgroupPath.StartsWith(MountRoot + "/", StringComparison.Ordinal) ? MountPoint + cgroupPath[MountRoot.Length..] : null;
    }

    /// <summary>A container's cgroup path here: absolute ones as they are, relative ones below our own
    /// cgroup of this hierarchy (what runc's cgroupfs driver does, per hierarchy).</summary>
    public string PathFor(string path, bool relative) =>
        relative ? (OwnPath == "/" ? "" : OwnPath) + path : path;
}
