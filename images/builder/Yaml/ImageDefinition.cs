namespace Builder.Yaml;

/// <summary>A whole image YAML (or several merged): what goes into the kernel, the root and each container.</summary>
internal sealed class ImageDefinition(YamlCursor at)
{
    public YamlCursor At { get; } = at;
    public YamlCursor? KernelAt { get; set; }
    public ImageReference? KernelImage { get; set; }
    public string? Cmdline { get; set; }
    public List<ImageReference> Init { get; } = [];
    public List<ContainerDefinition> Onboot { get; } = [];
    public List<ContainerDefinition> Services { get; } = [];
    public List<ContainerDefinition> Onshutdown { get; } = [];
    public List<FileDefinition> Files { get; } = [];

    public IEnumerable<ContainerDefinition> AllContainers => Onboot.Concat(Services).Concat(Onshutdown);

    /// <summary>LinuxKit's merge of several YAML files: later lists append, later scalars override.</summary>
    public void MergeFrom(ImageDefinition later)
    {
        KernelAt = later.KernelAt ?? KernelAt;
        KernelImage = later.KernelImage ?? KernelImage;
        Cmdline = later.Cmdline ?? Cmdline;
        Init.AddRange(later.Init);
        Onboot.AddRange(later.Onboot);
        Services.AddRange(later.Services);
        Onshutdown.AddRange(later.Onshutdown);
        Files.AddRange(later.Files);
    }
}
