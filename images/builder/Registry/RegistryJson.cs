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
        try
        {
            return JsonSerializer.Deserialize(json, Default.ManifestDocument)
                ?? throw new BuildFailure($"{what}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"{what}: not a JSON manifest: {e.Message}");
        }
    }
}
