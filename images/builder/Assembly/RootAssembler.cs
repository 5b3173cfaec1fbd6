using Builder.Bundles;
using Builder.Images;
using Builder.Layers;
using Builder.Tree;
using Builder.Yaml;
using Oci;

namespace Builder.Assembly;

/// <summary>
/// Builds the initramfs root from an image definition, in this order: base directories, the kernel's
/// modules, init (images or our own binaries), volumes, one bundle per container, <c>files:</c> (last, so
/// they can override), and the device nodes init needs.
/// </summary>
internal sealed class RootAssembler(ImageStore images, ContentSpool spool, string binDirectory)
{
    private readonly FsTree _root = new();
    private ImageDefinition _definition = null!;

    /// <summary>Warnings met while assembling (an image label's keys without effect, ...).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The root, the kernel to boot, and the microcode cpio to put before the initramfs (if any).</summary>
    public (FsNode Root, FileContent Kernel, FileContent? Ucode) Assemble(ImageDefinition d)
    {
        _definition = d;
        BaseLayout.AddDirectories(_root);
        var (kernel, ucode) = new KernelAssembler(_root, spool).Add(d, image => Load(image, "kernel image").Root);
        if (d.Init.Count > 0) foreach (var image in d.Init) TreeOverlay.Apply(_root.Root, Load(image, "init image").Root);
        else AddOwnInit();
        foreach (var v in d.Volumes) VolumeAssembler.Add(_root, v, image => Load(image, $"volume \"{v.Name}\"").Root);
        var ids = IdResolver.ContainerIds(d);
        AddContainers("onboot", d.Onboot, numbered: true, ids);
        AddContainers("services", d.Services, numbered: false, ids);
        AddContainers("onshutdown", d.Onshutdown, numbered: true, ids);
        var fileIds = IdResolver.ForFiles(d);
        foreach (var file in d.Files) FileAssembler.Add(_root, file, fileIds, d);
        BaseLayout.AddDeviceNodes(_root);
        return (_root.Root, kernel, ucode);
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

    private void AddContainers(string kind, List<ContainerDefinition> containers, bool numbered, IReadOnlyDictionary<string, uint> ids)
    {
        var volumes = _definition.Volumes.ToDictionary(v => v.Name, StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var dir = $"containers/{kind}/{(numbered ? $"{i:D3}-{c.Name}" : c.Name)}";
            var (rootfs, config) = Load(c.Image!, $"container \"{c.Name}\"");
            var context = new BundleContext(dir, IdResolver.ForImage(ids, rootfs), volumes, Warnings);
            var spec = ContainerSpecFactory.Create(c, config, context);
            _root.EnsureDirectory(dir);
            _root.Put($"{dir}/config.json", FsNode.File(new BytesContent(OciJson.Serialize(spec)), 0x1A4));
            _root.Put($"{dir}/rootfs", rootfs);
        }
    }
}
