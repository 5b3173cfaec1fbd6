namespace Builder.Yaml;

/// <summary>One <c>onboot</c>/<c>services</c>/<c>onshutdown</c> entry as written; null means "not given".</summary>
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
    public List<string>? Capabilities { get; set; }
    public bool? Readonly { get; set; }
    public NamespaceMode? Net { get; set; }
    public NamespaceMode? Pid { get; set; }
    public NamespaceMode? Ipc { get; set; }
    public NamespaceMode? Uts { get; set; }
    public string? Hostname { get; set; }
    public uint? Uid { get; set; }
    public uint? Gid { get; set; }

    // Supervision (docs/image-layout.md, init policy); the *At cursors let later checks point at the key.
    public string? Restart { get; set; }
    public YamlCursor? RestartAt { get; set; }
    public int? RestartDelayMs { get; set; }
    public int? RestartMaxDelayMs { get; set; }
    public int? RestartLimit { get; set; }
    public int? RestartWindowMs { get; set; }
    public int? StopSignal { get; set; }
    public int? StopTimeoutMs { get; set; }
    public List<(string Name, YamlCursor At)>? After { get; set; }
    public YamlCursor? AfterAt { get; set; }
    public string? Readiness { get; set; }
    public YamlCursor? ReadinessAt { get; set; }
    public int? TimeoutMs { get; set; }
    public YamlCursor? TimeoutAt { get; set; }
    public string? OnFailure { get; set; }
    public YamlCursor? OnFailureAt { get; set; }
}
