using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Writes a one-layer OCI image layout into an empty directory, with the same shape images/pkg/oci-layout.sh
/// gives the kernel and busybox: index.json -> manifest -> config + one tar+gzip layer, created at the
/// epoch. Same tree and config in, same bytes out (the gzip header carries no time or name).
/// </summary>
internal static class OciLayoutWriter
{
    public static string Write(FsNode root, JsonObject imageConfig, string directory, string createdBy)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var tarFile = Path.Combine(directory, "layer.tar");
        using (var tar = File.Create(tarFile)) LayerTarWriter.Write(root, tar);
        var diffId = HashFile(tarFile);
        var gzFile = Path.Combine(directory, "layer.tar.gz");
        using (var input = File.OpenRead(tarFile))
        using (var output = File.Create(gzFile))
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            input.CopyTo(gzip);
        File.Delete(tarFile);
        var layer = Put(blobs, gzFile);

        var config = new JsonObject
        {
            ["architecture"] = "amd64", ["os"] = "linux", ["created"] = "1970-01-01T00:00:00Z",
            ["config"] = imageConfig,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray("sha256:" + diffId) },
            ["history"] = new JsonArray(new JsonObject { ["created"] = "1970-01-01T00:00:00Z", ["created_by"] = createdBy }),
        };
        var configBlob = PutBytes(blobs, config.ToJsonString());
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configBlob),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)),
        };
        var manifestBlob = PutBytes(blobs, manifest.ToJsonString());
        var top = Descriptor("application/vnd.oci.image.manifest.v1+json", manifestBlob);
        top["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "latest" };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray(top),
        };
        File.WriteAllText(Path.Combine(directory, "index.json"), index.ToJsonString() + "\n");
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}\n");
        return "sha256:" + manifestBlob.Digest;
    }

    private static JsonObject Descriptor(string mediaType, (string Digest, long Size) blob) =>
        new() { ["mediaType"] = mediaType, ["digest"] = "sha256:" + blob.Digest, ["size"] = blob.Size };

    private static (string Digest, long Size) PutBytes(string blobs, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(blobs, digest), bytes);
        return (digest, bytes.Length);
    }

    private static (string Digest, long Size) Put(string blobs, string file)
    {
        var digest = HashFile(file);
        var size = new FileInfo(file).Length;
        File.Move(file, Path.Combine(blobs, digest), overwrite: true);
        return (digest, size);
    }

    private static string HashFile(string file)
    {
        using var f = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }
}
