using System.Formats.Tar;
using System.Text.Json;
using Builder.Layers;
using Builder.Registry;
using Builder.Tree;

namespace Builder.Images;

/// <summary>
/// Finds the config and layers of an image given as an OCI image layout directory, a tar of one, or a
/// <c>docker save</c> archive (either archive may be gzip'd). Archives are unpacked into the build's temp directory first (blobs are
/// plain files, so this creates nothing special on the host). Registry references go to
/// <see cref="RegistryImages"/> (the cache, then a pull), set up on first use.
/// </summary>
internal sealed class ImageLocator(string tempDirectory, RegistryImages? registry = null, RegistryMirrors? mirrors = null)
{
    private readonly Lazy<RegistryImages> _registry = new(() => registry ?? RegistryImages.FromEnvironment(mirrors));
    private int _archives;

    public ImageLayout Locate(ImageName name) => _registry.Value.Locate(name);

    public ImageLayout Locate(string path)
    {
        if (Directory.Exists(path)) return FromDirectory(path);
        if (File.Exists(path)) return FromDirectory(Unpack(path));
        throw new BuildFailure($"{path}: no such file or directory");
    }

    private static ImageLayout FromDirectory(string dir)
    {
        if (File.Exists(Path.Combine(dir, "index.json"))) return OciLayout.Read(dir);
        if (File.Exists(Path.Combine(dir, "manifest.json"))) return DockerArchive(dir);
        throw new BuildFailure($"{dir}: not an OCI image layout (no index.json) nor a docker save archive (no manifest.json)");
    }

    private static ImageLayout DockerArchive(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "manifest.json")));
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
            throw new BuildFailure("manifest.json: expected a non-empty array");
        var m = doc.RootElement[0];
        var config = m.GetProperty("Config").GetString() ?? throw new BuildFailure("manifest.json: no Config");
        var layers = m.GetProperty("Layers").EnumerateArray().Select(l => InArchive(dir, l.GetString() ?? "")).ToList();
        return new ImageLayout(InArchive(dir, config), layers);
    }

    internal static string InArchive(string dir, string name)
    {
        var parts = RelativePath.Split(name);
        var file = Path.Combine(dir, Path.Combine(parts));
        return File.Exists(file) ? file : throw new BuildFailure($"{name}: missing from the image");
    }

    /// <summary>Unpacks an OCI or docker archive into the temp directory; returns that directory.</summary>
    public string Unpack(string archive)
    {
        var dir = Path.Combine(tempDirectory, $"image{_archives++}");
        Directory.CreateDirectory(dir);
        try
        {
            using var tar = new TarReader(MaybeGzip.Open(File.OpenRead(archive)));
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                var target = Path.Combine(dir, Path.Combine(RelativePath.Split(entry.Name)));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: true);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            throw new BuildFailure($"{archive}: not a readable tar archive: {e.Message}");
        }
        return dir;
    }
}
