using Shim.Config;

namespace Shim.Stage2;

/// <summary>What the stage-2 steps share: the container and, once the rootfs step ran, its new root.</summary>
internal sealed class Stage2Context(string id, ContainerConfig config)
{
    public string Id { get; } = id;

    public ContainerConfig Config { get; } = config;

    /// <summary>The host path that becomes the container's <c>/</c> (the bound rootfs or the overlay).</summary>
    public string NewRoot { get; set; } = config.RootfsPath;

    /// <summary>False when linux.namespaces lists no mount namespace: the container then shares the
    /// runtime's (runtime-spec: an unlisted type is inherited), so stage 2 must leave the runtime's
    /// propagation alone and enter the root with chroot, not pivot_root.</summary>
    public bool OwnMountNamespace => Config.Namespaces.Has(Linux.Native.Sched.CLONE_NEWNS);

    /// <summary>fds 3..3+N-1 go to the container's process open (runc's --preserve-fds).</summary>
    public int PreserveFds { get; init; }

    /// <summary>The AF_UNIX socket path given by <c>--console-socket</c> to create/run, or null: where a
    /// container with <c>process.terminal</c> sends its pty master (as runc does).</summary>
    public string? ConsoleSocket { get; init; }

    /// <summary>Our end of the stage-1 socketpair (protocol: Protocol/SetupStep.cs).</summary>
    public int SyncFd { get; init; } = 3;

    /// <summary>For <c>exec</c>: the container's first process (host pid), whose cgroups are joined.</summary>
    public int ExecTargetPid { get; init; }

    /// <summary>Started by <c>create</c>: wait at the start point until <c>start</c> releases us.</summary>
    public bool Detached { get; init; }
}
