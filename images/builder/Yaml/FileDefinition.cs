namespace Builder.Yaml;

/// <summary>One <c>files:</c> entry: a file, directory or symlink to put into the image root. A file's bytes
/// come from <c>contents</c>, a host file (<c>source</c>, relative to the YAML file; <c>optional</c> skips it
/// when missing) or the build's own configuration (<c>metadata: json|yaml</c>).</summary>
internal sealed class FileDefinition(YamlCursor at)
{
    public YamlCursor At { get; } = at;
    public string Path { get; set; } = "";
    public string? Contents { get; set; }
    public bool Directory { get; set; }
    public string? Symlink { get; set; }
    public string? Source { get; set; }
    public string? Metadata { get; set; }
    public bool Optional { get; set; }
    public uint? Mode { get; set; }
    public IdValue? Uid { get; set; }
    public IdValue? Gid { get; set; }
}
