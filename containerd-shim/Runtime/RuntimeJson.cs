using System.Text.Json.Serialization;

namespace Shim.Runtime;

/// <summary>Source-generated JSON for the runtime's own files and <c>list --format json</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(List<ListEntry>))]
[JsonSerializable(typeof(List<int>))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
