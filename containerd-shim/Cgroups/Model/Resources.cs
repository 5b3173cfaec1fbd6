namespace Shim.Cgroups.Model;

/// <summary>
/// The OCI runtime spec's <c>linux.resources</c> (config-linux.md, "Control groups"). Read with
/// <see cref="ResourcesJson"/>, which refuses unknown fields: a misspelt limit must not be dropped silently.
/// </summary>
internal sealed record Resources
{
    public List<DeviceRule>? Devices { get; init; }
    public MemoryLimits? Memory { get; init; }
    public CpuLimits? Cpu { get; init; }
    public PidsLimit? Pids { get; init; }
    public BlockIoLimits? BlockIO { get; init; }
    public List<HugepageLimit>? HugepageLimits { get; init; }
    public NetworkLimits? Network { get; init; }
    public Dictionary<string, RdmaLimit>? Rdma { get; init; }
    public Dictionary<string, string>? Unified { get; init; }
}
