namespace Shim.Cgroups.Model;

/// <summary>One <c>blockIO.weightDevice[]</c> entry.</summary>
internal sealed record WeightDevice
{
    public long Major { get; init; }
    public long Minor { get; init; }
    public ushort? Weight { get; init; }
    public ushort? LeafWeight { get; init; }
}
