using System.Text.Json.Serialization;

namespace Shim.Cgroups.Model;

/// <summary>Source-generated (AOT-clean) reading of <c>linux.resources</c>; unknown fields are errors.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Resources))]
internal sealed partial class ResourcesJson : JsonSerializerContext;
