using Builder.Layers;
using Builder.Tree;
using Builder.Yaml;

namespace Builder.Assembly;

/// <summary>
/// The kernel image's parts, named as LinuxKit names them: <c>binary</c> (default <c>kernel</c>) is what boots;
/// <c>tar</c> (default <c>kernel.tar</c>, <c>none</c> for no modules) is unpacked into the root; <c>ucode</c>
/// (no default) is a cpio of CPU microcode that goes in front of the initramfs, uncompressed, where the
/// kernel's early loader looks for it.
/// </summary>
internal sealed class KernelAssembler(FsTree root, ContentSpool spool)
{
    public (FileContent Kernel, FileContent? Ucode) Add(ImageDefinition d, Func<ImageReference, FsNode> unpack)
    {
        var image = d.KernelImage!;
        var tree = new FsTree(unpack(image));
        var binary = d.KernelBinary ?? "kernel";
        if (tree.Find(binary) is not { Kind: NodeKind.File } kernel)
            throw image.At.Fail($"kernel image {image.Value} has no /{binary} file");
        AddModules(tree, image, d.KernelTar);
        FileContent? ucode = null;
        if (d.KernelUcode is { } name)
            ucode = tree.Find(name) is { Kind: NodeKind.File } u ? u.Content : throw image.At.Fail($"kernel image {image.Value} has no /{name} file (kernel.ucode)");
        return (kernel.Content!, ucode);
    }

    private void AddModules(FsTree tree, ImageReference image, string? tarName)
    {
        if (tarName == "none") return;
        var name = tarName ?? "kernel.tar";
        if (tree.Find(name) is not { Kind: NodeKind.File } modules)
        {
            if (tarName is not null) throw image.At.Fail($"kernel image {image.Value} has no /{name} file (kernel.tar)");
            Console.Error.WriteLine($"builder: warning: {image.At.Location}: kernel image {image.Value} has no /kernel.tar; the image will have no kernel modules");
            return;
        }
        using var tar = modules.Content!.OpenRead();
        try
        {
            new LayerApplier(root, spool, layer: 0).Apply(tar);
        }
        catch (Exception e) when (e is BuildFailure or InvalidDataException)
        {
            throw image.At.Fail($"kernel image {image.Value}: /{name}: {e.Message}");
        }
    }
}
