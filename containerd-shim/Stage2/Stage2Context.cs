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

    private bool _inCgroup;

    /// <summary>
    /// Blocks until stage 1 has moved us into the container's cgroups (its <see cref="SyncPoint.InCgroup"/>
    /// datagram, sent once after the handoff); at once after the first call. Stage 2 builds the container
    /// while stage 1 makes the cgroup and moves it (a v1 host's first cgroup.procs write of a migration may
    /// wait for an RCU grace period, ~10 ms here), and waits only where the cgroup shows: a cgroup
    /// namespace or mount, a pause (hooks see the container in its cgroup), and before the credentials
    /// and the exec, so no code of the container's ever runs outside its limits.
    /// </summary>
    public unsafe void AwaitCgroup()
    {
        if (_inCgroup) return;
        byte message;
        while (true)
        {
            var n = Linux.Native.Fcntl.read(SyncFd, &message, 1);
            if (n < 0 && Linux.Errno.Last.Value == Linux.Errno.EINTR) continue;
            if (n < 0) throw new Linux.SysException(Linux.SysError.Last("wait for stage 1 to move us into the container's cgroup"));
            if (n == 0) throw new Linux.SysException(Linux.SysError.Plain("wait for stage 1 to move us into the container's cgroup: stage 1 is gone"));
            break;
        }
        if (message != (byte)SyncPoint.InCgroup)
            throw new Linux.SysException(Linux.SysError.Plain($"wait for stage 1 to move us into the container's cgroup: got 0x{message:x2}, not 0x{(byte)SyncPoint.InCgroup:x2}"));
        _inCgroup = true;
    }

    /// <summary>The step form of <see cref="AwaitCgroup"/>.</summary>
    public static void InCgroup(Stage2Context context) => context.AwaitCgroup();
}
