namespace Shim.Cgroups.Model;

/// <summary><c>linux.resources.devices[]</c>: type a, c or b; a missing major or minor is a wildcard.</summary>
internal sealed record DeviceRule
{
    public bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public string? Access { get; init; }
}
