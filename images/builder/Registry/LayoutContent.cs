using System.Security.Cryptography;
using Builder.Images;

namespace Builder.Registry;

/// <summary>
/// What an OCI image layout holds, in the order a registry must receive it: leaf blobs (configs, layers),
/// then child manifests, then the top manifest or index that a tag will name. A layout whose index.json
/// lists one image has that image on top; one listing several gets its index.json itself as the top.
/// The receiving side (registry or cache) checks every digest again.
/// </summary>
internal sealed record LayoutContent(string Directory, Descriptor Top, byte[] TopBytes, IReadOnlyList<Descriptor> Blobs, IReadOnlyList<Descriptor> Manifests)
{
    private const int MaxDepth = 4;

    public static LayoutContent Read(string dir)
    {
        var indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath)) throw new BuildFailure($"{dir}: not an OCI image layout (no index.json)");
        var indexBytes = File.ReadAllBytes(indexPath);
        var index = RegistryJson.ParseManifest(indexBytes, indexPath);
        var entries = index.Manifests ?? [];
        if (entries.Count == 0) throw new BuildFailure($"{indexPath}: no manifests");
        var blobs = new List<Descriptor>();
        var manifests = new List<Descriptor>();
        if (entries.Count == 1)
        {
            var top = entries[0];
            var bytes = Walk(dir, top, blobs, manifests, 0);
            return new LayoutContent(dir, top with { Annotations = null, Platform = null }, bytes, blobs, manifests);
        }
        foreach (var entry in entries)
        {
            Walk(dir, entry, blobs, manifests, 0);
            manifests.Add(entry);
        }
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(indexBytes));
        return new LayoutContent(dir, new Descriptor(MediaTypes.OciIndex, digest, indexBytes.Length), indexBytes, blobs, manifests);
    }

    public string PathOf(Descriptor d) => BlobFile(Directory, d.Digest);

    /// <summary>Collects what a manifest or index needs, children first; returns its own bytes.</summary>
    private static byte[] Walk(string dir, Descriptor d, List<Descriptor> blobs, List<Descriptor> manifests, int depth)
    {
        if (depth > MaxDepth) throw new BuildFailure($"{dir}: image indexes nested too deep");
        var bytes = File.ReadAllBytes(BlobFile(dir, d.Digest));
        var doc = RegistryJson.ParseManifest(bytes, d.Digest);
        foreach (var child in doc.Manifests ?? [])
        {
            Walk(dir, child, blobs, manifests, depth + 1);
            if (!manifests.Any(m => m.Digest == child.Digest)) manifests.Add(child);
        }
        foreach (var blob in doc.Blobs())
            if (!blobs.Any(b => b.Digest == blob.Digest)) blobs.Add(blob);
        return bytes;
    }

    private static string BlobFile(string dir, string digest)
    {
        var parts = digest.Split(':', 2);
        if (parts is not ["sha256", { Length: 64 } hex] || !hex.All(char.IsAsciiHexDigitLower))
            throw new BuildFailure($"{dir}: bad digest \"{digest}\"");
        var path = Path.Combine(dir, "blobs", "sha256", hex);
        if (!File.Exists(path)) throw new BuildFailure($"{dir}: blob {digest} is missing");
        return path;
    }

    /// <summary>A directory as it is, or an OCI archive unpacked into <paramref name="temp"/>.</summary>
    public static LayoutContent Open(string path, string temp)
    {
        if (System.IO.Directory.Exists(path)) return Read(path);
        if (File.Exists(path)) return Read(new ImageLocator(temp).Unpack(path));
        throw new BuildFailure($"{path}: no such file or directory");
    }
}
