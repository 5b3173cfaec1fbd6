using Builder.Tree;
using Builder.Yaml;

namespace Builder.Assembly;

/// <summary>
/// Top-level <c>volumes:</c>, at <c>/containers/volumes/NAME/merged</c> (LinuxKit's path). LinuxKit unpacks the
/// image into <c>lower</c> and its init lays an overlay over it at boot; our whole root is already a tmpfs copy
/// of the initramfs, so the directory itself is writable and private to this boot, and no overlay is needed.
/// <c>format: oci</c> stores the image as an OCI layout instead (a container can load it), taken from a local
/// OCI layout directory.
/// </summary>
internal static class VolumeAssembler
{
    public static void Add(FsTree root, VolumeDefinition v, Func<ImageReference, FsNode> unpack)
    {
        var dir = Oci.ImagePaths.InRoot(v.MergedPath);
        root.EnsureDirectory(dir);
        if (v.Image is not { } image) return;
        if (v.Format == "filesystem")
        {
            TreeOverlay.Apply(root.EnsureDirectory(dir), unpack(image));
            return;
        }
        var layout = Path.GetFullPath(image.Value, image.BaseDirectory);
        if (!File.Exists(Path.Combine(layout, "index.json")))
            throw image.At.Fail($"format: oci needs an OCI image layout directory; {layout} is not one");
        foreach (var file in Directory.EnumerateFiles(layout, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(layout, file).Replace('\\', '/');
            root.Put($"{dir}/{relative}", FsNode.File(new HostFileContent(file), 0x1A4));
        }
    }
}
