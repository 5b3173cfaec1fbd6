using System.Text.Json.Nodes;
using Oci;

namespace Builder.Yaml;

/// <summary>One <c>onboot</c>/<c>services</c>/<c>onshutdown</c> entry as written, or the defaults of an image's
/// <c>org.mobyproject.config</c> label; null means "not given" (<see cref="ContainerOverlay"/> merges the two).</summary>
internal sealed class ContainerDefinition(YamlCursor at)
{
    public YamlCursor At { get; } = at;
    public string Name { get; set; } = "";
    public YamlCursor? NameAt { get; set; }
    public ImageReference? Image { get; set; }
    public List<string>? Command { get; set; }
    public List<string>? Env { get; set; }
    public string? Cwd { get; set; }
    public List<BindSpec>? Binds { get; set; }
    public List<BindSpec>? BindsAdd { get; set; }
    public List<MountSpec>? Mounts { get; set; }
    public List<MountSpec>? Tmpfs { get; set; }
    public List<DeviceSpec>? Devices { get; set; }
    public List<string>? Capabilities { get; set; }
    public List<string>? CapabilitiesAdd { get; set; }
    public List<string>? Ambient { get; set; }
    public bool? Readonly { get; set; }
    public NamespaceSetting? Net { get; set; }
    public NamespaceSetting? Pid { get; set; }
    public NamespaceSetting? Ipc { get; set; }
    public NamespaceSetting? Uts { get; set; }
    public NamespaceSetting? Userns { get; set; }
    public string? Hostname { get; set; }
    public IdValue? Uid { get; set; }
    public IdValue? Gid { get; set; }
    public List<IdValue>? AdditionalGids { get; set; }
    public List<string>? MaskedPaths { get; set; }
    public List<string>? ReadonlyPaths { get; set; }
    public bool? NoNewPrivileges { get; set; }
    public int? OomScoreAdj { get; set; }
    public string? RootfsPropagation { get; set; }
    public string? CgroupsPath { get; set; }
    public JsonObject? Resources { get; set; }
    public Dictionary<string, string>? Sysctl { get; set; }
    public List<RlimitSpec>? Rlimits { get; set; }
    public List<IdMapping>? UidMappings { get; set; }
    public List<IdMapping>? GidMappings { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public RuntimeDefinition? Runtime { get; set; }

    // Supervision (docs/image-layout.md, init policy); the *At cursors let later checks point at the key.
    public Oci.InitPolicyRestart? Restart { get; set; }
    public YamlCursor? RestartAt { get; set; }
    public int? RestartDelayMs { get; set; }
    public int? RestartMaxDelayMs { get; set; }
    public int? RestartLimit { get; set; }
    public int? RestartWindowMs { get; set; }
    public int? StopSignal { get; set; }
    public int? StopTimeoutMs { get; set; }
    public List<(string Name, YamlCursor At)>? After { get; set; }
    public YamlCursor? AfterAt { get; set; }
    public Oci.InitPolicyReadiness? Readiness { get; set; }
    public YamlCursor? ReadinessAt { get; set; }
    public int? TimeoutMs { get; set; }
    public YamlCursor? TimeoutAt { get; set; }
    public Oci.InitPolicyOnFailure? OnFailure { get; set; }
    public YamlCursor? OnFailureAt { get; set; }
}
