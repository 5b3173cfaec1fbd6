using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tests.UnitBuilder.Support;

namespace Tests.HostBuilder;

/// <summary>Small real images for the registry tests, and a layout's files served the way a registry serves them.</summary>
public static class TestLayouts
{
    /// <summary>One gzip'd layer with /etc/id holding <paramref name="id"/>, one plain layer with a whiteout.</summary>
    public static string Simple(string dir, string id)
    {
        var lower = new TarLayer().Dir("etc").File("etc/id", id).File("etc/gone", "x").ToBytes(gzip: true);
        var upper = new TarLayer().File("etc/.wh.gone", "").File("bin/app", "APP " + id, mode: 0x1ED).ToBytes();
        return new TestImage(TestImage.Config(cmd: ["/bin/app"], env: ["ID=" + id]), lower, upper).WriteOciLayout(dir);
    }

    /// <summary>A layout whose one entry is an image index of a linux/arm64 and a linux/amd64 image (in that order).</summary>
    public static string MultiArch(string dir)
    {
        var amd = Simple(dir + ".amd64", "amd64");
        var arm = Simple(dir + ".arm64", "arm64");
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        var entries = new JsonArray();
        foreach (var (layout, arch) in new[] { (arm, "arm64"), (amd, "amd64") })
        {
            foreach (var blob in Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")))
                File.Copy(blob, Path.Combine(dir, "blobs", "sha256", Path.GetFileName(blob)), overwrite: true);
            var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!["manifests"]![0]!.DeepClone();
            entry["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = arch };
            entries.Add(entry);
            Directory.Delete(layout, recursive: true);
        }
        var index = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = entries,
        });
        var hex = Convert.ToHexStringLower(SHA256.HashData(index));
        File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", hex), index);
        File.WriteAllText(Path.Combine(dir, "index.json"),
            $$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:{{hex}}","size":{{index.Length}}}]}""");
        File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    /// <summary>The digest index.json names (what a tag of this layout points at).</summary>
    public static string TopDigest(string layout) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!["manifests"]![0]!["digest"]!.GetValue<string>();

    public static byte[] Blob(string layout, string digest) =>
        File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]));

    /// <summary>The manifest's descriptors: config first, then layers.</summary>
    public static string[] ManifestBlobs(string layout)
    {
        var manifest = JsonNode.Parse(Blob(layout, TopDigest(layout)))!;
        return new[] { manifest["config"]!["digest"]!.GetValue<string>() }
            .Concat(manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>())).ToArray();
    }

    /// <summary>Answers as a registry holding <paramref name="layout"/> under any repository and tag would.</summary>
    public static FakeResponse Serve(string layout, FakeRequest request)
    {
        if (request.Path == "/v2/") return FakeResponse.Json(200, "{}");
        var parts = request.Path.Split('/');
        var reference = parts[^1];
        var digest = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference : TopDigest(layout);
        var file = Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        if (!File.Exists(file)) return FakeResponse.Json(404, """{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}""");
        var bytes = File.ReadAllBytes(file);
        return parts[^2] == "manifests"
            ? FakeResponse.Json(200, System.Text.Encoding.UTF8.GetString(bytes), JsonNode.Parse(bytes)!["mediaType"]?.GetValue<string>() ?? "application/vnd.oci.image.manifest.v1+json")
            : FakeResponse.Bytes(bytes);
    }
}
