using System.Text.Json;

namespace Builder.Images;

/// <summary>
/// Reads an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
/// index.json -> manifest (through nested indexes, preferring linux/amd64) -> config and layer blobs,
/// each checked against its sha256 digest.
/// </summary>
internal static class OciLayout
{
    private const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    private const string DockerListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";

    public static ImageLayout Read(string dir)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "index.json")));
        return FromManifest(dir, ChooseManifest(dir, index.RootElement, depth: 0));
    }

    /// <summary>The image under one digest of the layout (an index or a manifest), as the cache records them.</summary>
    public static ImageLayout ReadDigest(string dir, string digest)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Blob(dir, digest)));
        return doc.RootElement.TryGetProperty("manifests", out _)
            ? FromManifest(dir, ChooseManifest(dir, doc.RootElement, depth: 1))
            : FromManifest(dir, digest);
    }

    private static ImageLayout FromManifest(string dir, string manifest)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Blob(dir, manifest)));
        var root = doc.RootElement;
        var config = Blob(dir, root.GetProperty("config").GetProperty("digest").GetString());
        var layers = root.TryGetProperty("layers", out var l)
            ? l.EnumerateArray().Select(x => Blob(dir, x.GetProperty("digest").GetString())).ToList()
            : [];
        return new ImageLayout(config, layers);
    }

    private static string ChooseManifest(string dir, JsonElement index, int depth)
    {
        if (depth > 4) throw new BuildFailure("index.json: image indexes nested too deep");
        if (!index.TryGetProperty("manifests", out var list) || list.GetArrayLength() == 0)
            throw new BuildFailure("index.json: no manifests");
        var chosen = list.EnumerateArray().FirstOrDefault(IsLinuxAmd64);
        if (chosen.ValueKind == JsonValueKind.Undefined) chosen = list[0];
        var digest = chosen.GetProperty("digest").GetString();
        var mediaType = chosen.TryGetProperty("mediaType", out var mt) ? mt.GetString() : null;
        if (mediaType is not (IndexMediaType or DockerListMediaType)) return digest ?? "";
        using var nested = JsonDocument.Parse(File.ReadAllBytes(Blob(dir, digest)));
        return ChooseManifest(dir, nested.RootElement.Clone(), depth + 1);
    }

    private static bool IsLinuxAmd64(JsonElement m) =>
        m.TryGetProperty("platform", out var p)
        && p.TryGetProperty("os", out var os) && os.GetString() == "linux"
        && p.TryGetProperty("architecture", out var arch) && arch.GetString() == "amd64";

    private static string Blob(string dir, string? digest)
    {
        var parts = (digest ?? "").Split(':', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || !parts[1].All(char.IsAsciiHexDigitLower))
            throw new BuildFailure($"bad digest \"{digest}\"");
        var file = Path.Combine(dir, "blobs", parts[0], parts[1]);
        if (!File.Exists(file)) throw new BuildFailure($"blob {digest} is missing");
        if (parts[0] != "sha256") throw new BuildFailure($"blob {digest}: only sha256 digests are supported");
        // A truncated or edited blob would otherwise unpack into a silently broken rootfs.
        using var f = File.OpenRead(file);
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f));
        return actual == parts[1] ? file : throw new BuildFailure($"blob {digest} is corrupt: its sha256 is {actual}");
    }
}
