namespace Shim.Cgroups.Model;

/// <summary>One <c>rdma</c> entry, keyed by the device name.</summary>
internal sealed record RdmaLimit
{
    public uint? HcaHandles { get; init; }
    public uint? HcaObjects { get; init; }
}
