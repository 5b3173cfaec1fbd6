using Shim.Config;

namespace Shim.Protocol;

/// <summary>
/// Everything stage 2 needs to build the container, already read and checked by stage 1: stage 2 gets
/// it over the sync socket (<see cref="SetupCodec"/>) and neither reads config.json nor checks anything
/// again; it only makes the system calls. Values are the kernel's where they can be (namespace flags,
/// mount flags, rlimit numbers, capability masks, the compiled seccomp program); paths are absolute on
/// the host (a bind's source) or in the container (destinations, masked paths); names are kept only
/// for error messages.
/// </summary>
internal sealed record ContainerSetup
{
    public string Id { get; init; } = "";

    /// <summary>fds 3..3+N-1 go to the container's process open (runc's --preserve-fds).</summary>
    public int PreserveFds { get; init; }

    /// <summary>Started by <c>create</c>: wait at the start point until <c>start</c> releases us.</summary>
    public bool Detached { get; init; }

    /// <summary>Where a container with a terminal sends its pty master, or null.</summary>
    public string? ConsoleSocket { get; init; }

    /// <summary>For <c>exec</c>: the container's first process (host pid); 0 for a new container.</summary>
    public int ExecTargetPid { get; init; }

    /// <summary>linux.namespaces lists a mount namespace (new or joined): pivot_root, not chroot.</summary>
    public bool OwnMountNamespace { get; init; }

    /// <summary>Stage 1 left the cgroup namespace out: stage 2 makes it once in the container's cgroup.</summary>
    public bool UnshareCgroupNamespace { get; init; }

    /// <summary>The namespaces stage 2 joins by path, in order (pid and user are joined by stage 1).</summary>
    public IReadOnlyList<NamespaceJoin> Joins { get; init; } = [];

    /// <summary>The bundle's rootfs, absolute.</summary>
    public string Rootfs { get; init; } = "";

    public bool WritableLayer { get; init; }

    /// <summary>linux.rootfsPropagation as mount flags (rslave when not given).</summary>
    public ulong RootfsPropagation { get; init; }

    /// <summary>linux.rootfsPropagation as given (null when not): applied to / after the pivot.</summary>
    public string? RootfsPropagationName { get; init; }

    public bool ReadonlyRoot { get; init; }

    public IReadOnlyList<MountEntry> Mounts { get; init; } = [];

    /// <summary>What a <c>cgroup</c> entry of mounts[] shows (only filled when there is one).</summary>
    public CgroupView Cgroup { get; init; } = CgroupView.None;

    /// <summary>/dev is a fresh tmpfs: stage 2 fills it with the default nodes and links.</summary>
    public bool DefaultDevices { get; init; }

    public IReadOnlyList<DeviceNode> Devices { get; init; } = [];

    /// <summary>There are prestart, createRuntime or createContainer hooks: pause before pivot_root.</summary>
    public bool PauseForHooks { get; init; }

    public IReadOnlyList<Oci.Hook> CreateContainerHooks { get; init; } = [];

    public IReadOnlyList<Oci.Hook> StartContainerHooks { get; init; } = [];

    public IReadOnlyList<(string Key, string Value)> Sysctls { get; init; } = [];

    public int? OomScoreAdj { get; init; }

    public string? Hostname { get; init; }

    public string? Domainname { get; init; }

    public IReadOnlyList<string> MaskedPaths { get; init; } = [];

    public IReadOnlyList<string> ReadonlyPaths { get; init; } = [];

    public bool Terminal { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public string Cwd { get; init; } = "/";

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public IReadOnlyList<uint> AdditionalGids { get; init; } = [];

    public uint Umask { get; init; } = 0x12;

    public IReadOnlyList<RlimitSetting> Rlimits { get; init; } = [];

    public CapabilitySets Capabilities { get; init; } = new(0, 0, 0, 0, 0);

    public bool NoNewPrivileges { get; init; }

    /// <summary>linux.seccomp compiled to BPF by stage 1, or null.</summary>
    public Seccomp.SeccompFilter? Seccomp { get; init; }
}

/// <summary>A namespace joined by path: its CLONE_NEW* flag and the path.</summary>
internal sealed record NamespaceJoin(int Flag, string Path);

/// <summary>One mounts[] entry: a bind's source absolute on the host, the options as mount flags.</summary>
internal sealed record MountEntry(string Destination, string Type, string? Source, Oci.MountArguments Options);

/// <summary>A linux.devices node: Mode has the S_IF* type and the permission bits.</summary>
internal sealed record DeviceNode(string Path, uint Mode, uint Major, uint Minor, uint? Uid, uint? Gid);

/// <summary>A process.rlimits entry: the RLIMIT_* number, and its name for messages.</summary>
internal sealed record RlimitSetting(int Resource, string Name, ulong Soft, ulong Hard);

/// <summary>How a cgroup mount shows the container's cgroups, decided by stage 1 on the host.</summary>
internal sealed record CgroupView(CgroupViewKind Kind, IReadOnlyList<(string Name, string Directory)> Binds, IReadOnlyList<(string Name, string Target)> Links)
{
    public static readonly CgroupView None = new(CgroupViewKind.HostTree, [], []);
}

internal enum CgroupViewKind : byte
{
    /// <summary>cgroup2 without a cgroup namespace (or no cgroups): the host's /sys/fs/cgroup bound.</summary>
    HostTree = 0,

    /// <summary>cgroup2 in a cgroup namespace: a cgroup2 mount, rooted at the container's cgroup.</summary>
    Cgroup2 = 1,

    /// <summary>cgroup v1: a tmpfs with a bind of the container's directory per hierarchy, and the links.</summary>
    Legacy = 2,
}
