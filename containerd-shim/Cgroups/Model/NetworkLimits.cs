namespace Shim.Cgroups.Model;

/// <summary><c>linux.resources.network</c>: cgroup v1 controllers only (net_cls, net_prio).</summary>
internal sealed record NetworkLimits
{
    public uint? ClassID { get; init; }
    public List<System.Text.Json.JsonElement>? Priorities { get; init; }
}
