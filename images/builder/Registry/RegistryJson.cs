using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Cache;

namespace Builder.Registry;

/// <summary>Source-generated JSON for everything the registry client and the cache read or write.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestDocument))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(CacheIndexFile))]
internal sealed partial class RegistryJson : JsonSerializerContext
{
    /// <summary>Parses a manifest or index; a document that is not one is a clear error, not an exception.</summary>
    public static ManifestDocument ParseManifest(ReadOnlySpan<byte> json, string what)
    {
        ManifestDocument doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, Default.ManifestDocument) ?? throw new BuildFailure($"{what}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"{what}: not a JSON manifest: {e.Message}");
        }
        CheckDigests(doc.Config is null ? [] : [doc.Config], "config", what);
        CheckDigests(doc.Layers ?? [], "layers", what);
        CheckDigests(doc.Manifests ?? [], "manifests", what);
        return doc;
    }

    // JSON null passes the deserializer for a non-nullable string (found by tests/Unit.Fuzz); every blob needs one.
    private static void CheckDigests(IReadOnlyList<Descriptor?> descriptors, string field, string what)
    {
        for (var i = 0; i < descriptors.Count; i++)
        {
            var where = field == "config" ? field : $"{field}[{i}]";
            if (descriptors[i] is null) throw new BuildFailure($"{what}: {where}: null");
            if (string.IsNullOrEmpty(descriptors[i]!.Digest)) throw new BuildFailure($"{what}: {where}.digest: missing");
        }
    }
}
