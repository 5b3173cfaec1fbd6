using System.Globalization;
using System.Text.RegularExpressions;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// Turns <c>linux.resources</c> into the cgroup v2 files to write, in order, each with the field it
/// came from. Pure: nothing is touched, so every refusal happens before anything is created.
/// Fields that only cgroup v1 has are refused by name rather than dropped.
/// </summary>
internal static partial class ResourceFiles
{
    private const string Field = "linux.resources";

    // Files that move or kill processes: the shim does that itself, a bundle may not.
    private static readonly string[] ForbiddenUnified = ["cgroup.procs", "cgroup.threads", "cgroup.kill", "cgroup.subtree_control"];

    public static List<CgroupWrite> For(Resources r)
    {
        var writes = new List<CgroupWrite>();
        CpuFiles.Add(writes, r.Cpu);
        MemoryFiles.Add(writes, r.Memory);
        if (r.Pids is { Limit: not 0 } pids) writes.Add(new($"{Field}.pids.limit", "pids.max", Conversions.Limit(pids.Limit)));
        IoFiles.Add(writes, r.BlockIO);
        Hugepages(writes, r.HugepageLimits);
        if (r.Network is { } net && (net.ClassID is not null || net.Priorities is { Count: > 0 }))
            throw new SysException(SysError.Plain($"{Field}.network: net_cls and net_prio are cgroup v1 controllers; cgroup v2 has neither"));
        foreach (var (device, limit) in r.Rdma ?? [])
        {
            var handles = limit.HcaHandles?.ToString(CultureInfo.InvariantCulture) ?? "max";
            var objects = limit.HcaObjects?.ToString(CultureInfo.InvariantCulture) ?? "max";
            writes.Add(new($"{Field}.rdma[\"{device}\"]", "rdma.max", $"{device} hca_handle={handles} hca_object={objects}"));
        }
        foreach (var (file, value) in r.Unified ?? [])
        {
            var field = $"{Field}.unified[\"{file}\"]";
            if (file.Length == 0 || file.Contains('/') || file.StartsWith('.') || ForbiddenUnified.Contains(file))
                throw new SysException(SysError.Plain($"{field}: not a file the bundle may set in its own cgroup"));
            writes.Add(new(field, file, value));
        }
        return writes;
    }

    /// <summary>True when the bundle sets anything at all (an empty <c>resources: {}</c> asks for nothing).</summary>
    public static bool AsksForAny(Resources r) =>
        r.Devices is not null || r.Memory is not null || r.Cpu is not null || r.Pids is not null || r.BlockIO is not null
        || r.HugepageLimits is { Count: > 0 } || r.Network is not null || r.Rdma is { Count: > 0 } || r.Unified is { Count: > 0 };

    private static void Hugepages(List<CgroupWrite> writes, List<HugepageLimit>? limits)
    {
        for (var i = 0; i < (limits?.Count ?? 0); i++)
        {
            var size = limits![i].PageSize;
            if (!PageSize().IsMatch(size))
                throw new SysException(SysError.Plain($"{Field}.hugepageLimits[{i}].pageSize: \"{size}\" is not a page size such as 2MB or 1GB"));
            writes.Add(new($"{Field}.hugepageLimits[{i}]", $"hugetlb.{size}.max", limits[i].Limit.ToString(CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex("^[0-9]+[KMG]B$")]
    private static partial Regex PageSize();
}
