using Builder.Layers;
using Builder.Registry;
using Builder.Tree;

namespace Builder.Images;

/// <summary>
/// Turns image paths into unpacked trees, once per image: the same busybox image under ten services is
/// read once and cloned; the clones share its regular files (see <see cref="FsNode.CloneSharingFiles"/>).
/// </summary>
internal sealed class ImageStore(ImageLocator locator, ContentSpool spool)
{
    private readonly Dictionary<string, (FsTree Tree, ImageConfig Config)> _loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// A fresh copy of the image's root filesystem and its config. <paramref name="reference"/> is a path
    /// relative to <paramref name="baseDirectory"/> when one exists there, else a registry reference.
    /// </summary>
    public (FsNode Root, ImageConfig Config) Load(string reference, string baseDirectory)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, reference));
        ImageName? name = null;
        if (!Path.Exists(full) && IsRegistryReference(reference)) name = ImageName.Parse(reference);
        var key = name is null ? full : "registry:" + name;
        if (!_loaded.TryGetValue(key, out var image))
        {
            try
            {
                image = Unpack(name is null ? locator.Locate(full) : locator.Locate(name));
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"image {reference}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException
                                          or InvalidDataException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BuildFailure($"image {reference}: {e.Message}");
            }
            _loaded[key] = image;
        }
        return (image.Tree.Root.CloneSharingFiles(), image.Config);
    }

    private (FsTree, ImageConfig) Unpack(ImageLayout layout)
    {
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
