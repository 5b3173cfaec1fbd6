using System.Text.Json.Serialization;

namespace Oci;

// The OCI runtime-spec config.json (https://github.com/opencontainers/runtime-spec/blob/main/config.md),
// the Linux parts. Property names follow the spec; JSON is camelCase through OciJson's options.
// Records with init-only properties keep the model immutable once read.

public sealed record Spec
{
    public string OciVersion { get; init; } = "1.0.2";
    public Process? Process { get; init; }
    public Root? Root { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public List<Mount>? Mounts { get; init; }
    public Hooks? Hooks { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public LinuxSection? Linux { get; init; }
}

public sealed record Process
{
    public bool? Terminal { get; init; }
    public User User { get; init; } = new();
    public List<string>? Args { get; init; }
    public List<string>? Env { get; init; }
    public string Cwd { get; init; } = "/";
    public Capabilities? Capabilities { get; init; }
    public List<Rlimit>? Rlimits { get; init; }
    public bool? NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
    public string? ApparmorProfile { get; init; }
    public string? SelinuxLabel { get; init; }
}

public sealed record User
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint? Umask { get; init; }
    public List<uint>? AdditionalGids { get; init; }
}

public sealed record Capabilities
{
    public List<string>? Bounding { get; init; }
    public List<string>? Effective { get; init; }
    public List<string>? Inheritable { get; init; }
    public List<string>? Permitted { get; init; }
    public List<string>? Ambient { get; init; }
}

public sealed record Rlimit
{
    public string Type { get; init; } = "";
    public ulong Hard { get; init; }
    public ulong Soft { get; init; }
}

public sealed record Root
{
    public string Path { get; init; } = "rootfs";
    public bool? Readonly { get; init; }
}

public sealed record Mount
{
    public string Destination { get; init; } = "";
    public string? Type { get; init; }
    public string? Source { get; init; }
    public List<string>? Options { get; init; }
}

public sealed record Hooks
{
    public List<Hook>? Prestart { get; init; }
    public List<Hook>? CreateRuntime { get; init; }
    public List<Hook>? CreateContainer { get; init; }
    public List<Hook>? StartContainer { get; init; }
    public List<Hook>? Poststart { get; init; }
    public List<Hook>? Poststop { get; init; }
}

public sealed record Hook
{
    public string Path { get; init; } = "";
    public List<string>? Args { get; init; }
    public List<string>? Env { get; init; }
    public int? Timeout { get; init; }
}

public sealed record LinuxSection
{
    public List<Namespace>? Namespaces { get; init; }
    public List<IdMapping>? UidMappings { get; init; }
    public List<IdMapping>? GidMappings { get; init; }
    public List<Device>? Devices { get; init; }
    public string? CgroupsPath { get; init; }
    public System.Text.Json.JsonElement? Resources { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
    public string? RootfsPropagation { get; init; }
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
    public LinuxSeccomp? Seccomp { get; init; }
    public string? MountLabel { get; init; }
}

public sealed record Namespace
{
    /// <summary>pid, network, mount, ipc, uts, user, cgroup, time.</summary>
    public string Type { get; init; } = "";
    public string? Path { get; init; }
}

public sealed record IdMapping
{
    [System.Text.Json.Serialization.JsonPropertyName("containerID")]
    public uint ContainerId { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("hostID")]
    public uint HostId { get; init; }
    public uint Size { get; init; }
}

public sealed record Device
{
    /// <summary>c, b, u or p.</summary>
    public string Type { get; init; } = "";
    public string Path { get; init; } = "";
    public long Major { get; init; }
    public long Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}
