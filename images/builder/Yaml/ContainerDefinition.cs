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
}
