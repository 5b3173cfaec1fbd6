using System.Globalization;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary><c>linux.resources.cpu</c> on cgroup v2: shares -> cpu.weight, quota/period ->
/// cpu.max ("max" for no quota, period 100 ms when not given), burst, idle, cpus/mems -> cpuset.</summary>
internal static class CpuFiles
{
    private const string Field = "linux.resources.cpu";
    private const ulong DefaultPeriod = 100000;

    public static void Add(List<CgroupWrite> writes, CpuLimits? cpu)
    {
        if (cpu is null) return;
        if (cpu.RealtimeRuntime is not (null or 0) || cpu.RealtimePeriod is not (null or 0))
            throw new SysException(SysError.Plain($"{Field}.{(cpu.RealtimeRuntime is not (null or 0) ? "realtimeRuntime" : "realtimePeriod")}: " +
                "real-time budgets are cgroup v1's (cpu.rt_*); cgroup v2 has none"));
        if (cpu.Shares is { } shares and not 0)
            writes.Add(new($"{Field}.shares", "cpu.weight", Number(Conversions.CpuSharesToWeight(shares))));
        if (cpu.Quota is not (null or 0) || cpu.Period is not (null or 0))
        {
            var quota = cpu.Quota is { } q and > 0 ? Number((ulong)q) : "max";
            var period = cpu.Period is { } p and not 0 ? p : DefaultPeriod;
            writes.Add(new($"{Field}.{(cpu.Quota is not (null or 0) ? "quota" : "period")}", "cpu.max", $"{quota} {Number(period)}"));
        }
        if (cpu.Burst is { } burst) writes.Add(new($"{Field}.burst", "cpu.max.burst", Number(burst)));
        if (cpu.Idle is { } idle) writes.Add(new($"{Field}.idle", "cpu.idle", idle.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(cpu.Cpus)) writes.Add(new($"{Field}.cpus", "cpuset.cpus", cpu.Cpus));
        if (!string.IsNullOrEmpty(cpu.Mems)) writes.Add(new($"{Field}.mems", "cpuset.mems", cpu.Mems));
    }

    private static string Number(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}
