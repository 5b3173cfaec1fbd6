namespace Oci;

/// <summary>The one part of config.json init reads itself.</summary>
public sealed record AnnotationsOnly
{
    public Dictionary<string, string>? Annotations { get; init; }
}
