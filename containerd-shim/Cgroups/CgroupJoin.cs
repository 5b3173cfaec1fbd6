using Linux;
using Linux.Native;
using Shim.Config;
using Shim.Stage2;

namespace Shim.Cgroups;

/// <summary>
/// Stage 2's first step: move itself into the cgroup stage 1 made, so that everything it does next
/// and the container's process after the exec are counted and limited there. "0" names the writer
/// itself, whatever pid namespace it is in. On v1 that is one write per hierarchy (every one, as
/// runc joins them all); an <c>exec</c> joins the cgroups the container's process is in, which a
/// relative path could not find again from another caller's cgroup. Then, when the bundle asks for
/// a cgroup namespace, it is made here (stage 1 left it out, <see cref="ContainerCgroup.DefersCgroupNamespace"/>),
/// rooted at the container's cgroup. unshare acts on this thread only, the one that execs.
/// </summary>
internal static class CgroupJoin
{
    public static void Run(Stage2Context context)
    {
        if (context.Config.Cgroup is null) return;
        // In a user namespace cgroup.procs is not ours to write (the host's root owns it): stage 1
        // moved us before our exec (Stage1/UserNamespaceLauncher), as runc's parent does.
        if (!context.Config.Namespaces.Has(Sched.CLONE_NEWUSER)
            && Move(context.Config, context.Id, context.ExecTargetPid, "0") is { } error) throw new SysException(error);
        if (ContainerCgroup.DefersCgroupNamespace(context.Config) && Sched.unshare(Sched.CLONE_NEWCGROUP) < 0)
            throw new SysException(SysError.Last("unshare CLONE_NEWCGROUP"));
    }

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
