using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>The platform of one entry of an image index.</summary>
internal sealed record Platform(
    [property: JsonPropertyName("os")] string? Os,
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("variant")] string? Variant = null)
{
    public override string ToString() => $"{Os}/{Architecture}{(Variant is null ? "" : "/" + Variant)}";
}
