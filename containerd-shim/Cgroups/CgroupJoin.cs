using Linux;
using Linux.Native;
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
        if (context.Config.Cgroup is { Layout: CgroupLayout.Legacy } request)
        {
            var groups = context.ExecTargetPid is > 0 and var pid
                ? V1Paths.OfProcess(pid, HostCgroups.Hierarchies)
                : V1Paths.DirectoriesFor(request, context.Id, HostCgroups.Hierarchies);
            foreach (var (_, dir) in groups)
            {
                if (CgroupFile.Write($"{dir}/cgroup.procs", "0") is { } v1Error) throw new SysException(v1Error);
            }
        }
        else if (ContainerCgroup.DirectoryOf(context.Config, context.Id) is { } directory)
        {
            if (CgroupFile.Write($"{directory}/cgroup.procs", "0") is { } error) throw new SysException(error);
        }
        else
        {
            return;
        }
        if (ContainerCgroup.DefersCgroupNamespace(context.Config) && Sched.unshare(Sched.CLONE_NEWCGROUP) < 0)
            throw new SysException(SysError.Last("unshare CLONE_NEWCGROUP"));
    }
}
