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
[JsonSerializable(typeof(State))]
[JsonSerializable(typeof(Process))]
public sealed partial class OciJsonContext : JsonSerializerContext;

public static class OciJson
{
    public static Spec Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, OciJsonContext.Default.Spec)
        ?? throw new JsonException("config.json is null");

    public static byte[] Serialize(Spec spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, OciJsonContext.Default.Spec);

    public static byte[] Serialize(State state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, OciJsonContext.Default.State);

    public static Process ParseProcess(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, OciJsonContext.Default.Process)
        ?? throw new JsonException("process is null");

    public static byte[] Serialize(Process process) =>
        JsonSerializer.SerializeToUtf8Bytes(process, OciJsonContext.Default.Process);

    public static State ParseState(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, OciJsonContext.Default.State)
        ?? throw new JsonException("state is null");
}
