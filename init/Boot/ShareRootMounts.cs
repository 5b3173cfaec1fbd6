using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Makes "/" and every mount below it shared (MS_SHARED | MS_REC), as LinuxKit's rc.init does at the end of
/// its mounts. The kernel starts every mount private; with a private root a container that mounts under an
/// <c>rshared</c> bind (a kubelet, a docker-in-a-service, a volume manager) makes that mount visible to
/// nobody else. Mounts made later under a shared parent are shared too, so the cgroup tree mounted off the
/// critical path and init's <c>runtime:</c> mounts need nothing more. The shim is unaffected: each
/// container's stage 2 makes its copy of the tree rslave (or what <c>linux.rootfsPropagation</c> says)
/// before it mounts anything, so nothing a container mounts leaks back unless it asks for it.
/// </summary>
internal sealed class ShareRootMounts : IBootStage
{
    public string Name => "share-root";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context) =>
        Mount.mount(null, "/", null, Mount.MS_SHARED | Mount.MS_REC, null) == 0 ? null : SysError.Last("make / rshared");
}
