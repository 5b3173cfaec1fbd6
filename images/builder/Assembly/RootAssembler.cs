using Builder.Bundles;
using Builder.Images;
using Builder.Layers;
using Builder.Tree;
using Builder.Yaml;
using Oci;

namespace Builder.Assembly;

/// <summary>
/// Builds the initramfs root from an image definition, in this order: base directories, the kernel's
/// modules, our own init and runtime, the <c>init:</c> images over them (LinuxKit's own init, runc and
/// containerd are left out: ours do their work, <see cref="LinuxKitInitImages"/>), volumes, one bundle per
/// container, <c>files:</c> (last, so they can override), and the device nodes init needs. Then each
/// container's binds are checked against that root (<see cref="BindSources"/>).
/// </summary>
internal sealed class RootAssembler(ImageStore images, ContentSpool spool, string binDirectory)
{
    private readonly FsTree _root = new();
    private readonly List<(string Container, List<Mount> Mounts)> _binds = [];
    private ImageDefinition _definition = null!;

    /// <summary>Warnings met while assembling (an image label's keys without effect, ...).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>What the build did in place of what the YAML says, one line each (a LinuxKit init image replaced).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The root, the kernel to boot, and the microcode cpio to put before the initramfs (if any).</summary>
    public (FsNode Root, FileContent Kernel, FileContent? Ucode) Assemble(ImageDefinition d)
    {
        _definition = d;
        BaseLayout.AddDirectories(_root);
        var (kernel, ucode) = new KernelAssembler(_root, spool).Add(d, image => Load(image, "kernel image").Root);
        AddOwnInit();
        foreach (var image in d.Init) AddInitImage(image);
        foreach (var v in d.Volumes) VolumeAssembler.Add(_root, v, image => Load(image, $"volume \"{v.Name}\"").Root);
        var ids = IdResolver.ContainerIds(d);
        AddContainers(ImagePaths.Onboot, d.Onboot, numbered: true, ids);
        AddContainers(ImagePaths.Services, d.Services, numbered: false, ids);
        AddContainers(ImagePaths.Onshutdown, d.Onshutdown, numbered: true, ids);
        var fileIds = IdResolver.ForFiles(d);
        foreach (var file in d.Files) FileAssembler.Add(_root, file, fileIds, d);
        BaseLayout.AddDeviceNodes(_root);
        Warnings.AddRange(BindSources.Check(_root, _binds));
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

    private void AddInitImage(ImageReference image)
    {
        if (LinuxKitInitImages.IsReplaced(image.Value))
        {
            Notes.Add(LinuxKitInitImages.Note(image.Value));
            return;
        }
        var ownInit = _root.Find("init");
        TreeOverlay.Apply(_root.Root, Load(image, "init image").Root);
        if (!ReferenceEquals(_root.Find("init"), ownInit)) Notes.Add($"init image {image.Value}: its /init replaces ours");
    }

    private void AddOwnInit()
    {
        _root.Put("init", FsNode.File(BinFile("init"), 0x1ED));
        _root.Put(ImagePaths.InRoot(ImagePaths.Shim), FsNode.File(BinFile("containerd-shim"), 0x1ED));
        // The shim is multi-call: named initctl it is the control client, named ctr the part of containerd's
        // ctr a console user types, and its runc CLI is runc's, so LinuxKit packages that bind these find them.
        foreach (var name in ImagePaths.ShimLinks)
            _root.Put(ImagePaths.InRoot($"{ImagePaths.ShimDirectory}/{name}"), FsNode.Symlink(Path.GetFileName(ImagePaths.Shim)));
    }

    private HostFileContent BinFile(string name)
    {
        var path = Path.Combine(binDirectory, name);
        if (!File.Exists(path))
            throw new BuildFailure($"{path}: missing (every image gets our own {name}): run ./build.sh first, or pass --bin DIR");
        return new HostFileContent(path);
    }

    private void AddContainers(string kind, List<ContainerDefinition> containers, bool numbered, IReadOnlyDictionary<string, uint> ids)
    {
        var volumes = _definition.Volumes.ToDictionary(v => v.Name, StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var dir = ImagePaths.InRoot(ImagePaths.BundleDirectory(kind, numbered ? $"{i:D3}-{c.Name}" : c.Name));
            var (rootfs, config) = Load(c.Image!, $"container \"{c.Name}\"");
            var context = new BundleContext(dir, IdResolver.ForImage(ids, rootfs), volumes, Warnings);
            var spec = ContainerSpecFactory.Create(c, config, context);
            _binds.Add((c.Name, spec.Mounts ?? []));
            _root.EnsureDirectory(dir);
            _root.Put($"{dir}/config.json", FsNode.File(new BytesContent(OciJson.Serialize(spec)), 0x1A4));
            _root.Put($"{dir}/rootfs", rootfs);
        }
    }
}
