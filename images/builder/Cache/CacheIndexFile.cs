using System.Text.Json.Serialization;
using Builder.Registry;

namespace Builder.Cache;

/// <summary>
/// The cache's <c>index.json</c>: an OCI image index whose entries are the references pulled or imported,
/// each annotated with its full name (<see cref="CacheIndex.RefAnnotation"/>) and when it was stored. The
/// cache directory is thereby an OCI image layout that skopeo and LinuxKit can read too.
/// </summary>
internal sealed record CacheIndexFile(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("manifests")] List<Descriptor> Manifests);
