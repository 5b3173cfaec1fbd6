using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tests.UnitBuilder.Support;

/// <summary>
/// Writes an image the three ways the builder accepts: an OCI image layout directory, a tar of one, or a
/// <c>docker save</c> archive, with real sha256 digests, from a config and layers made in the test.
/// </summary>
internal sealed class TestImage(JsonObject? config, params byte[][] layers)
{
    public static JsonObject Config(string[]? entrypoint = null, string[]? cmd = null, string[]? env = null,
        string? workingDir = null, string? user = null)
    {
        var c = new JsonObject();
        if (entrypoint is not null) c["Entrypoint"] = new JsonArray(entrypoint.Select(s => (JsonNode)s!).ToArray());
        if (cmd is not null) c["Cmd"] = new JsonArray(cmd.Select(s => (JsonNode)s!).ToArray());
        if (env is not null) c["Env"] = new JsonArray(env.Select(s => (JsonNode)s!).ToArray());
        if (workingDir is not null) c["WorkingDir"] = workingDir;
        if (user is not null) c["User"] = user;
        return c;
    }

    private byte[] ConfigBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["architecture"] = "amd64",
        ["os"] = "linux",
        ["config"] = config?.DeepClone(),
        ["rootfs"] = new JsonObject { ["type"] = "layers" },
    });

    public string WriteOciLayout(string dir)
    {
        Directory.CreateDirectory(dir);
        System.IO.File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var configDigest = Blob(dir, ConfigBytes());
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configDigest.Digest, configDigest.Size),
            ["layers"] = new JsonArray(layers.Select(l =>
            {
                var (d, s) = Blob(dir, l);
                return (JsonNode)Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", d, s);
            }).ToArray()),
        };
        var m = Blob(dir, JsonSerializer.SerializeToUtf8Bytes(manifest));
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(Descriptor("application/vnd.oci.image.manifest.v1+json", m.Digest, m.Size)),
        };
        System.IO.File.WriteAllBytes(Path.Combine(dir, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index));
        return dir;
    }

    public string WriteOciArchive(string file)
    {
        var staging = file + ".d";
        WriteOciLayout(staging);
        TarFile.CreateFromDirectory(staging, file, includeBaseDirectory: false);
        Directory.Delete(staging, recursive: true);
        return file;
    }

    public string WriteDockerSave(string file)
    {
        using var tar = new TarWriter(System.IO.File.Create(file), TarEntryFormat.Pax);
        var names = new List<string>();
        for (var i = 0; i < layers.Length; i++)
        {
            names.Add($"layer{i}/layer.tar");
            Add(tar, names[^1], layers[i]);
        }
        Add(tar, "config.json", ConfigBytes());
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = "config.json",
            ["RepoTags"] = new JsonArray("test:latest"),
            ["Layers"] = new JsonArray(names.Select(n => (JsonNode)n!).ToArray()),
        });
        Add(tar, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest));
        return file;
    }

    private static void Add(TarWriter tar, string name, byte[] bytes) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes), Mode = (UnixFileMode)0x1A4 });

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static (string Digest, long Size) Blob(string dir, byte[] bytes)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        System.IO.File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", hex), bytes);
        return ("sha256:" + hex, bytes.Length);
    }
}
