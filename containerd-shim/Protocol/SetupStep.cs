namespace Shim.Protocol;

/// <summary>
/// The stage-2 protocol. The shim (stage 1) spawns itself as
/// <c>containerd-shim stage2 FD</c> with one end of an AF_UNIX SOCK_SEQPACKET socketpair as fd FD = 3+N
/// (right above the N preserved fds) and sends it the container's setup there first
/// (<see cref="SetupCodec"/>, <see cref="SetupTransport"/>); stage 2 builds the container on its main
/// thread in the order of ContainerBuilder's steps and execs the container's process. The socket is
/// close-on-exec, so a successful execve closes it and stage 1 reads end-of-file. Stage 2 sends two
/// kinds of datagram:
/// <code>
///   failure (5+ bytes), then stage 2 exits 125:
///     byte 0      step (this enum)
///     bytes 1..4  errno, int32 little-endian (0 when the failure is not a syscall's)
///     bytes 5..   the failed operation and its target, UTF-8 (e.g. "mount proc on /proc")
///   pause (exactly 1 byte): a <see cref="SyncPoint"/>; stage 2 then blocks until stage 1 answers
///     with one datagram holding the container's OCI state JSON (status and host pid filled in), which
///     stage 2 hands to its own hooks on their stdin. To refuse, stage 1 kills stage 2 instead.
/// </code>
/// Stage 2 pauses only when there is a reason: at <see cref="SyncPoint.Hooks"/> (mounts done, before
/// pivot_root) when the config has prestart, createRuntime or createContainer hooks — stage 1 runs the
/// first two in the runtime's namespaces while stage 2 waits, then stage 2 runs createContainer itself
/// in the container's namespaces; at <see cref="SyncPoint.Start"/> (everything but the exec done) when
/// it was started <c>--detached</c> (the answer comes once <c>start</c> asks for it) or has
/// startContainer hooks, which it runs after the answer, inside the container, just before the exec.
/// A foreground run without hooks exchanges nothing until the exec but one datagram of stage 1's, after the
/// handoff: <see cref="SyncPoint.InCgroup"/>, once stage 2 is in the container's cgroups (stage 2 builds the
/// container meanwhile and waits for it only where the cgroup shows: Stage2Context.AwaitCgroup).
/// After a failure stage 1 waits for stage 2, prints <c>containerd-shim: ID: STEP: OPERATION: ERRNO (text)</c>
/// on stderr and exits 127 for a command that does not exist, 126 for one that cannot run, else 125.
/// A datagram that does not parse, or end-of-file followed by stage 2 exiting with 125 before the exec,
/// cannot be told from a container exit; stage 2 therefore reports every failure it can catch.
/// </summary>
internal enum SetupStep : byte
{
    Config = 1,
    Namespaces = 2,
    Rootfs = 3,
    Mounts = 4,
    Devices = 5,
    PivotRoot = 6,
    MaskedPaths = 7,
    ReadonlyPaths = 8,
    ReadonlyRoot = 9,
    Hostname = 10,
    Rlimits = 11,
    Capabilities = 12,
    User = 13,
    Cwd = 14,
    NoNewPrivileges = 15,
    Exec = 16,
    Internal = 17,
    Sysctl = 18,
    Seccomp = 19,
    Cgroup = 20,
    Hooks = 21,
    Terminal = 23,
}
