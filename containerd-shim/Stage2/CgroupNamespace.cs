using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>
/// Stage 2's first step: when the bundle asks for a cgroup namespace, make it here, rooted at the
/// container's cgroup. Stage 1 left it out of the launch (<see cref="Cgroups.ContainerCgroup.DefersCgroupNamespace"/>),
/// so this waits until stage 1 says stage 2 is in the container's cgroups (the one case where nothing of
/// stage 2's work overlaps the move). unshare acts on this thread only, the one that execs.
/// </summary>
internal static class CgroupNamespace
{
    public static void Run(Stage2Context context)
    {
        if (!context.Setup.UnshareCgroupNamespace) return;
        context.AwaitCgroup();
        if (Sched.unshare(Sched.CLONE_NEWCGROUP) < 0)
            throw new SysException(SysError.Last("unshare CLONE_NEWCGROUP"));
    }
}
