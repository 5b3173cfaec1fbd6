using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oci;

/// <summary>Source-generated (AOT-clean) JSON for <see cref="InitPolicy"/>, and a config.json reader that
/// looks at the annotations only, so init does not build the whole spec model to find its policy.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters = [typeof(InitPolicyChoiceConverter)])]
[JsonSerializable(typeof(InitPolicy))]
[JsonSerializable(typeof(AnnotationsOnly))]
public sealed partial class InitPolicyJson : JsonSerializerContext
{
    public const string Annotation = CinitAnnotations.Policy;

    public static string Serialize(InitPolicy policy) => JsonSerializer.Serialize(policy, Default.InitPolicy);

    public static InitPolicy Parse(string json) =>
        JsonSerializer.Deserialize(json, Default.InitPolicy) ?? throw new JsonException("policy is null");

    /// <summary>Why a policy did not parse, in one line: the field and its allowed names, or where the JSON broke
    /// (the serializer's own message is a resource key in trimmed builds, docs/facts.md).</summary>
    public static string Describe(JsonException e) => e is InitPolicyChoiceConverter.Rejected
        ? $"{e.Message} (at {e.Path ?? "$"})"
        : $"not valid JSON at {e.Path ?? "$"} (line {e.LineNumber + 1})";

    /// <summary>The policy in a config.json's annotations; defaults when there is none.</summary>
    public static InitPolicy FromConfig(ReadOnlySpan<byte> configJson)
    {
        var config = JsonSerializer.Deserialize(configJson, Default.AnnotationsOnly);
        return config?.Annotations is { } a && a.TryGetValue(Annotation, out var json) ? Parse(json) : new InitPolicy();
    }
}
