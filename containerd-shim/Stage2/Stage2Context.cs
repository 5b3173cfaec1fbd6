using Shim.Protocol;

namespace Shim.Stage2;

/// <summary>What the stage-2 steps share: the container's setup as stage 1 sent it and, once the
/// rootfs step ran, its new root.</summary>
internal sealed class Stage2Context(ContainerSetup setup, int syncFd)
{
    public ContainerSetup Setup { get; } = setup;

    public string Id => Setup.Id;

    /// <summary>The host path that becomes the container's <c>/</c> (the bound rootfs or the overlay).</summary>
    public string NewRoot { get; set; } = setup.Rootfs;

    /// <summary>False when linux.namespaces lists no mount namespace: the container then shares the
    /// runtime's (runtime-spec: an unlisted type is inherited), so stage 2 must leave the runtime's
    /// propagation alone and enter the root with chroot, not pivot_root.</summary>
    public bool OwnMountNamespace => Setup.OwnMountNamespace;

    /// <summary>Our end of the stage-1 socketpair (protocol: Protocol/SetupStep.cs).</summary>
    public int SyncFd { get; } = syncFd;
}
