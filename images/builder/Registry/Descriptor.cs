using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>An OCI content descriptor: what a manifest or index says about one blob.</summary>
internal sealed record Descriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("platform")] Platform? Platform = null,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations = null);
