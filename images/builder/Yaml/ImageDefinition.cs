using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>A whole image YAML (or several merged): what goes into the kernel, the root and each container.</summary>
internal sealed class ImageDefinition(YamlCursor at)
{
    public YamlCursor At { get; } = at;
    public YamlCursor? KernelAt { get; set; }
    public ImageReference? KernelImage { get; set; }
    public string? Cmdline { get; set; }

    /// <summary>The kernel's file in the kernel image (LinuxKit: <c>kernel</c>), null for the default.</summary>
    public string? KernelBinary { get; set; }

    /// <summary>The modules tarball in the kernel image; "none" (or empty) means no modules.</summary>
    public string? KernelTar { get; set; }

    /// <summary>A cpio of CPU microcode in the kernel image, put in front of the initramfs.</summary>
    public string? KernelUcode { get; set; }
    public List<ImageReference> Init { get; } = [];
    public List<ContainerDefinition> Onboot { get; } = [];
    public List<ContainerDefinition> Services { get; } = [];
    public List<ContainerDefinition> Onshutdown { get; } = [];
    public List<FileDefinition> Files { get; } = [];
    public List<VolumeDefinition> Volumes { get; } = [];

    /// <summary>Things accepted that have no effect here, printed by the build as <c>builder: warning: ...</c>.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Each file's document, for <c>files: - metadata: json|yaml</c>.</summary>
    public List<YamlNode> Sources { get; } = [];

    public IEnumerable<ContainerDefinition> AllContainers => Onboot.Concat(Onshutdown).Concat(Services);

    /// <summary>LinuxKit's merge of several YAML files: later lists append, later scalars override.</summary>
    public void MergeFrom(ImageDefinition later)
    {
        KernelAt = later.KernelAt ?? KernelAt;
        KernelImage = later.KernelImage ?? KernelImage;
        Cmdline = later.Cmdline ?? Cmdline;
        KernelBinary = later.KernelBinary ?? KernelBinary;
        KernelTar = later.KernelTar ?? KernelTar;
        KernelUcode = later.KernelUcode ?? KernelUcode;
        Init.AddRange(later.Init);
        Onboot.AddRange(later.Onboot);
        Services.AddRange(later.Services);
        Onshutdown.AddRange(later.Onshutdown);
        Files.AddRange(later.Files);
        Volumes.AddRange(later.Volumes);
        Warnings.AddRange(later.Warnings);
        Sources.AddRange(later.Sources);
    }
}
