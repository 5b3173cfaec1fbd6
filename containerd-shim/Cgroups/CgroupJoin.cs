using Linux;
using Linux.Native;
using Shim.Stage2;

namespace Shim.Cgroups;

/// <summary>
/// Stage 2's first step: move itself into the cgroup stage 1 made, so that everything it does next
/// and the container's process after the exec are counted and limited there. "0" names the writer
/// itself, whatever pid namespace it is in. Then, when the bundle asks for a cgroup namespace, it is
/// made here (stage 1 left it out, <see cref="ContainerCgroup.DefersCgroupNamespace"/>), rooted at
/// the container's cgroup. unshare acts on this thread only, the one that execs.
/// </summary>
internal static class CgroupJoin
{
    public static void Run(Stage2Context context)
    {
        if (ContainerCgroup.DirectoryOf(context.Config, context.Id) is not { } directory) return;
        if (CgroupFile.Write($"{directory}/cgroup.procs", "0") is { } error) throw new SysException(error);
        if (ContainerCgroup.DefersCgroupNamespace(context.Config) && Sched.unshare(Sched.CLONE_NEWCGROUP) < 0)
            throw new SysException(SysError.Last("unshare CLONE_NEWCGROUP"));
    }
}
