using Builder.Layers;
using Builder.Tree;

namespace Builder.Images;

/// <summary>
/// Turns image paths into unpacked trees, once per image: the same busybox image under ten services is
/// read once and cloned; the clones share its regular files (see <see cref="FsNode.CloneSharingFiles"/>).
/// </summary>
internal sealed class ImageStore(ImageLocator locator, ContentSpool spool)
{
    private readonly Dictionary<string, (FsTree Tree, ImageConfig Config)> _loaded = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the image's root filesystem and its config; <paramref name="reference"/> is relative to <paramref name="baseDirectory"/>.</summary>
    public (FsNode Root, ImageConfig Config) Load(string reference, string baseDirectory)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, reference));
        if (!Path.Exists(full) && IsRegistryReference(reference))
            throw new BuildFailure($"\"{reference}\": registry images are not supported yet; give a path to an OCI layout");
        var path = reference;
        if (!_loaded.TryGetValue(full, out var image))
        {
            try
            {
                image = Unpack(full);
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"image {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException
                                          or InvalidDataException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BuildFailure($"image {path}: {e.Message}");
            }
            _loaded[full] = image;
        }
        return (image.Tree.Root.CloneSharingFiles(), image.Config);
    }

    private (FsTree, ImageConfig) Unpack(string path)
    {
        var layout = locator.Locate(path);
        ImageConfig config;
        using (var c = File.OpenRead(layout.ConfigFile)) config = ImageConfig.Parse(c);
        var tree = new FsTree();
        for (var i = 0; i < layout.LayerFiles.Count; i++)
        {
            using var layer = File.OpenRead(layout.LayerFiles[i]);
            try
            {
                new LayerApplier(tree, spool, i + 1).Apply(layer);
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"layer {i} ({Path.GetFileName(layout.LayerFiles[i])})");
            }
        }
        return (tree, config);
    }

    /// <summary>Something like <c>linuxkit/kernel:6.6</c> or <c>alpine@sha256:...</c> rather than a path.</summary>
    private static bool IsRegistryReference(string reference) =>
        !reference.StartsWith('.') && !reference.StartsWith('/') && (reference.Contains(':') || reference.Contains('@'));
}
