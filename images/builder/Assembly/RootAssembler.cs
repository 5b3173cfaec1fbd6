using Builder.Bundles;
using Builder.Images;
using Builder.Layers;
using Builder.Tree;
using Builder.Yaml;
using Oci;

namespace Builder.Assembly;

/// <summary>
/// Builds the initramfs root from an image definition, in this order: base directories, the kernel's
/// modules, init (images or our own binaries), one bundle per container, <c>files:</c> (last, so they
/// can override), and the device nodes init needs.
/// </summary>
internal sealed class RootAssembler(ImageStore images, ContentSpool spool, string binDirectory)
{
    private readonly FsTree _root = new();

    /// <summary>The root, and the kernel to boot.</summary>
    public (FsNode Root, FileContent Kernel) Assemble(ImageDefinition d)
    {
        BaseLayout.AddDirectories(_root);
        var kernel = AddKernel(d.KernelImage!);
        if (d.Init.Count > 0) foreach (var image in d.Init) TreeOverlay.Apply(_root.Root, Load(image, "init image").Root);
        else AddOwnInit();
        AddContainers("onboot", d.Onboot, numbered: true);
        AddContainers("services", d.Services, numbered: false);
        AddContainers("onshutdown", d.Onshutdown, numbered: true);
        foreach (var file in d.Files) AddFile(file);
        BaseLayout.AddDeviceNodes(_root);
        return (_root.Root, kernel);
    }

    private (FsNode Root, ImageConfig Config) Load(ImageReference image, string what)
    {
        try
        {
            return images.Load(image.Value, image.BaseDirectory);
        }
        catch (BuildFailure e)
        {
            throw image.At.Fail($"{what}: {e.Message}");
        }
    }

    private FileContent AddKernel(ImageReference image)
    {
        var tree = new FsTree(Load(image, "kernel image").Root);
        var kernel = tree.Find("kernel");
        if (kernel is not { Kind: NodeKind.File })
            throw image.At.Fail($"kernel image {image.Value} has no /kernel file");
        if (tree.Find("kernel.tar") is { Kind: NodeKind.File } modules)
        {
            using var tar = modules.Content!.OpenRead();
            try
            {
                new LayerApplier(_root, spool, layer: 0).Apply(tar);
            }
            catch (Exception e) when (e is BuildFailure or InvalidDataException)
            {
                throw image.At.Fail($"kernel image {image.Value}: /kernel.tar: {e.Message}");
            }
        }
        else
        {
            Console.Error.WriteLine($"builder: warning: {image.At.Location}: kernel image {image.Value} has no /kernel.tar; the image will have no kernel modules");
        }
        return kernel.Content!;
    }

    private void AddOwnInit()
    {
        _root.Put("init", FsNode.File(BinFile("init"), 0x1ED));
        _root.Put("usr/bin/containerd-shim", FsNode.File(BinFile("containerd-shim"), 0x1ED));
        // The shim is multi-call: named initctl, it is the control client (one NativeAOT binary less).
        _root.Put("usr/bin/initctl", FsNode.Symlink("containerd-shim"));
    }

    private HostFileContent BinFile(string name)
    {
        var path = Path.Combine(binDirectory, name);
        if (!File.Exists(path))
            throw new BuildFailure($"{path}: missing (the YAML has no init: section, so our own {name} is used): run ./build.sh first, or pass --bin DIR");
        return new HostFileContent(path);
    }

    private void AddContainers(string kind, List<ContainerDefinition> containers, bool numbered)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var dir = $"containers/{kind}/{(numbered ? $"{i:D3}-{c.Name}" : c.Name)}";
            var (rootfs, config) = Load(c.Image!, $"container \"{c.Name}\"");
            var spec = ContainerSpecFactory.Create(c, config);
            _root.EnsureDirectory(dir);
            _root.Put($"{dir}/config.json", FsNode.File(new BytesContent(OciJson.Serialize(spec)), 0x1A4));
            _root.Put($"{dir}/rootfs", rootfs);
        }
    }

    private void AddFile(FileDefinition f)
    {
        FsNode node;
        if (f.Directory) node = FsNode.Directory(f.Mode ?? 0x1ED);
        else if (f.Symlink is { } target) node = FsNode.Symlink(target);
        else node = FsNode.File(new BytesContent(System.Text.Encoding.UTF8.GetBytes(f.Contents ?? "")), f.Mode ?? 0x180);
        try
        {
            if (f.Directory) _root.EnsureDirectory(f.Path).Mode = node.Mode;
            else _root.Put(f.Path, node);
        }
        catch (BuildFailure e)
        {
            throw f.At.Fail($"files: {e.Message}");
        }
    }
}
