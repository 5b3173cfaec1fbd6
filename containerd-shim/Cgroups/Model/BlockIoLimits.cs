namespace Shim.Cgroups.Model;

/// <summary><c>linux.resources.blockIO</c>: weights are cgroup v1's blkio range, 10..1000.</summary>
internal sealed record BlockIoLimits
{
    public ushort? Weight { get; init; }
    public ushort? LeafWeight { get; init; }
    public List<WeightDevice>? WeightDevice { get; init; }
    public List<ThrottleDevice>? ThrottleReadBpsDevice { get; init; }
    public List<ThrottleDevice>? ThrottleWriteBpsDevice { get; init; }
    public List<ThrottleDevice>? ThrottleReadIOPSDevice { get; init; }
    public List<ThrottleDevice>? ThrottleWriteIOPSDevice { get; init; }
}
