using System.Globalization;
using System.Text.RegularExpressions;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// Turns <c>linux.resources</c> into the cgroup v1 files to write, in order, each with its field: the
/// spec's fields are v1's own, so values go in as they are (runc's cgroupfs driver writes the same).
/// Pure, like <see cref="ResourceFiles"/>: every refusal comes before anything is created. The owning
/// controller of each file is the part before its first dot (<see cref="CgroupWrite.Controller"/>).
/// </summary>
internal static partial class V1ResourceFiles
{
    private const string Field = "linux.resources";

    public static List<CgroupWrite> For(Resources r, IReadOnlyList<DeviceAccessRule>? devices)
    {
        var writes = new List<CgroupWrite>();
        if (devices is not null) V1DeviceFiles.Add(writes, devices);
        Cpu(writes, r.Cpu);
        V1MemoryFiles.Add(writes, r.Memory);
        if (r.Pids is { Limit: not 0 } pids) writes.Add(new($"{Field}.pids.limit", "pids.max", Conversions.Limit(pids.Limit)));
        V1BlockIoFiles.Add(writes, r.BlockIO);
        Hugepages(writes, r.HugepageLimits);
        V1NetworkFiles.Add(writes, r.Network);
        foreach (var (device, limit) in r.Rdma ?? [])
        {
            var handles = limit.HcaHandles?.ToString(CultureInfo.InvariantCulture) ?? "max";
            var objects = limit.HcaObjects?.ToString(CultureInfo.InvariantCulture) ?? "max";
            writes.Add(new($"{Field}.rdma[\"{device}\"]", "rdma.max", $"{device} hca_handle={handles} hca_object={objects}"));
        }
        if (r.Unified is { Count: > 0 } unified)
            throw new SysException(SysError.Plain($"{Field}.unified[\"{unified.Keys.First()}\"]: cgroup v2 files cannot be set on this cgroup v1 host"));
        return writes;
    }

    /// <summary>Period before quota (a quota is checked against the period in force); the real-time
    /// period before its runtime for the same reason. Cpus and mems go first: a v1 cpuset cgroup
    /// without them cannot take a process.</summary>
    private static void Cpu(List<CgroupWrite> writes, CpuLimits? cpu)
    {
        if (cpu is null) return;
        const string f = Field + ".cpu";
        if (!string.IsNullOrEmpty(cpu.Cpus)) writes.Add(new($"{f}.cpus", "cpuset.cpus", cpu.Cpus));
        if (!string.IsNullOrEmpty(cpu.Mems)) writes.Add(new($"{f}.mems", "cpuset.mems", cpu.Mems));
        if (cpu.Shares is { } shares and not 0) writes.Add(new($"{f}.shares", "cpu.shares", Number(shares)));
        if (cpu.Period is { } period and not 0) writes.Add(new($"{f}.period", "cpu.cfs_period_us", Number(period)));
        if (cpu.Quota is { } quota and not 0) writes.Add(new($"{f}.quota", "cpu.cfs_quota_us", Number(quota)));
        if (cpu.Burst is { } burst) writes.Add(new($"{f}.burst", "cpu.cfs_burst_us", Number(burst)));
        if (cpu.RealtimePeriod is { } rtPeriod and not 0) writes.Add(new($"{f}.realtimePeriod", "cpu.rt_period_us", Number(rtPeriod)));
        if (cpu.RealtimeRuntime is { } rtRuntime and not 0) writes.Add(new($"{f}.realtimeRuntime", "cpu.rt_runtime_us", Number(rtRuntime)));
        if (cpu.Idle is { } idle) writes.Add(new($"{f}.idle", "cpu.idle", Number(idle)));
    }

    private static void Hugepages(List<CgroupWrite> writes, List<HugepageLimit>? limits)
    {
        for (var i = 0; i < (limits?.Count ?? 0); i++)
        {
            var size = limits![i].PageSize;
            if (!PageSize().IsMatch(size))
                throw new SysException(SysError.Plain($"{Field}.hugepageLimits[{i}].pageSize: \"{size}\" is not a page size such as 2MB or 1GB"));
            writes.Add(new($"{Field}.hugepageLimits[{i}]", $"hugetlb.{size}.limit_in_bytes", Number(limits[i].Limit)));
        }
    }

    internal static string Number(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9]+[KMG]B$")]
    private static partial Regex PageSize();
}
