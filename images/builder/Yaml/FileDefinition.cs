namespace Builder.Yaml;

/// <summary>One <c>files:</c> entry: a file, directory or symlink to put into the image root.</summary>
internal sealed class FileDefinition(YamlCursor at)
{
    public YamlCursor At { get; } = at;
    public string Path { get; set; } = "";
    public string? Contents { get; set; }
    public bool Directory { get; set; }
    public string? Symlink { get; set; }
    public uint? Mode { get; set; }
}
