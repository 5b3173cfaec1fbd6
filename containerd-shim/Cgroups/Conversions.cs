using Linux;

namespace Shim.Cgroups;

/// <summary>The cgroup v1 units of the OCI spec turned into cgroup v2's, the way runc converts them.</summary>
internal static class Conversions
{
    /// <summary>cpu.shares (2..262144, default 1024) onto cpu.weight (1..10000, default 100) linearly:
    /// 2 -> 1, 1024 -> 39, 262144 -> 10000. Out-of-range shares are clamped as the v1 kernel did.</summary>
    public static ulong CpuSharesToWeight(ulong shares)
    {
        var clamped = Math.Clamp(shares, 2UL, 262144UL);
        return 1 + ((clamped - 2) * 9999) / 262142;
    }

    /// <summary>blkio.weight (10..1000) onto io.weight (1..10000): 10 -> 1, 500 -> 4950, 1000 -> 10000.</summary>
    public static ulong BlkioWeightToIoWeight(ulong weight)
    {
        var clamped = Math.Clamp(weight, 10UL, 1000UL);
        return 1 + ((clamped - 10) * 9999) / 990;
    }

    /// <summary>
    /// The spec's swap is memory+swap (v1's memsw); v2's memory.swap.max is swap alone. Null means
    /// leave memory.swap.max alone (swap 0 is "not set" in runc's reading).
    /// </summary>
    public static string? SwapToSwapMax(long? limit, long swap)
    {
        if (swap == 0) return null;
        if (swap == -1) return "max";
        if (swap < -1) throw new SysException(SysError.Plain($"linux.resources.memory.swap: {swap} is not a byte count"));
        if (limit is null or 0 or -1)
            throw new SysException(SysError.Plain("linux.resources.memory.swap: memory+swap needs memory.limit to be set too (cgroup v2 limits swap alone)"));
        if (swap < limit)
            throw new SysException(SysError.Plain($"linux.resources.memory.swap: {swap} is below memory.limit {limit}; it is memory plus swap"));
        return (swap - limit.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>-1 (or any negative) is "max", as the spec writes unlimited.</summary>
    public static string Limit(long value) =>
        value < 0 ? "max" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
