using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>
/// An image manifest or an image index, read as one shape: an index has <c>manifests</c>, a manifest has
/// <c>config</c> and <c>layers</c>. Docker's v2 manifests and lists have the same fields.
/// </summary>
internal sealed record ManifestDocument(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("config")] Descriptor? Config,
    [property: JsonPropertyName("layers")] List<Descriptor>? Layers,
    [property: JsonPropertyName("manifests")] List<Descriptor>? Manifests)
{
    public bool IsIndex => Manifests is not null && Config is null;

    /// <summary>The blobs a manifest needs besides itself: its config, then its layers.</summary>
    public IEnumerable<Descriptor> Blobs() => (Config is null ? [] : new[] { Config }).Concat(Layers ?? []);
}
