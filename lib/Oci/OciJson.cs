using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oci;

/// <summary>Source-generated (AOT-clean) JSON for the spec; camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(Spec))]
public sealed partial class OciJsonContext : JsonSerializerContext;

public static class OciJson
{
    public static Spec Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, OciJsonContext.Default.Spec)
        ?? throw new JsonException("config.json is null");

    public static byte[] Serialize(Spec spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, OciJsonContext.Default.Spec);
}
