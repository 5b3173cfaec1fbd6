using Linux;
using Linux.Native;
using Shim.Config;

namespace Shim.Cgroups;

/// <summary>
/// Moves a container's first process (or an exec's) into its cgroups: stage 1 writes stage 2's host pid
/// into cgroup.procs of every cgroup of the container while stage 2 starts (Stage1/Stage2Launcher), so
/// that everything stage 2 does next and the container's process after the exec are counted and
/// limited there. On v1 that is one write per hierarchy (every one, as runc joins them all); an
/// <c>exec</c> joins the cgroups the container's process is in, which a relative path could not find
/// again from another caller's cgroup.
/// </summary>
internal static class CgroupJoin
{
    /// <summary>Writes <paramref name="process"/> ("0" for the writer itself, else a host pid) into the
    /// cgroup.procs of every cgroup of the container (of <paramref name="execTargetPid"/>'s, for an
    /// exec on v1); the first failure, or null.</summary>
    public static SysError? Move(ContainerConfig config, string id, int execTargetPid, string process)
    {
        if (config.Cgroup is { Layout: CgroupLayout.Legacy } request)
        {
            var groups = execTargetPid > 0
                ? V1Paths.OfProcess(execTargetPid, HostCgroups.Hierarchies)
                : V1Paths.DirectoriesFor(request, id, HostCgroups.Hierarchies);
            foreach (var (_, dir) in groups)
            {
                if (CgroupFile.Write($"{dir}/cgroup.procs", process) is { } v1Error) return v1Error;
            }
            return null;
        }
        return ContainerCgroup.DirectoryOf(config, id) is { } directory ? CgroupFile.Write($"{directory}/cgroup.procs", process) : null;
    }
}
