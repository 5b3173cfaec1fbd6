namespace Shim.Protocol;

/// <summary>
/// The stage-2 protocol. The shim (stage 1) spawns itself as <c>containerd-shim stage2 ID BUNDLE</c>
/// with one end of an AF_UNIX SOCK_SEQPACKET socketpair as fd 3; stage 2 builds the container on its
/// main thread in this order and execs the container's process. It never writes on success: fd 3 is
/// close-on-exec, so a successful execve closes it and stage 1 reads end-of-file. On the first failure
/// stage 2 sends exactly one datagram and exits 125:
/// <code>
///   byte 0      step (this enum)
///   bytes 1..4  errno, int32 little-endian (0 when the failure is not a syscall's)
///   bytes 5..   the failed operation and its target, UTF-8 (e.g. "mount proc on /proc")
/// </code>
/// Stage 1 then waits for stage 2, prints <c>containerd-shim: ID: STEP: OPERATION: ERRNO (text)</c> on
/// stderr and exits 127 for a command that does not exist, 126 for one that cannot run, else 125.
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
}
