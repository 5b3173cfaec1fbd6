using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary><c>linux.resources.memory</c> on cgroup v2: limit -> memory.max, reservation ->
/// memory.low, swap (memory+swap) -> memory.swap.max as swap minus limit. 0 means "not set".</summary>
internal static class MemoryFiles
{
    private const string Field = "linux.resources.memory";

    public static void Add(List<CgroupWrite> writes, MemoryLimits? memory)
    {
        if (memory is null) return;
        if (memory.Kernel is not (null or 0) || memory.KernelTCP is not (null or 0))
            throw Refuse(memory.Kernel is not (null or 0) ? "kernel" : "kernelTCP", "kernel memory limits are cgroup v1's; cgroup v2 counts kernel memory in memory.max");
        if (memory.Swappiness is not null)
            throw Refuse("swappiness", "cgroup v2 has no per-cgroup swappiness");
        if (memory.DisableOOMKiller == true)
            throw Refuse("disableOOMKiller", "cgroup v2 cannot turn the OOM killer off for a cgroup");
        if (memory.Limit is { } limit and not 0) writes.Add(new($"{Field}.limit", "memory.max", Conversions.Limit(limit)));
        if (memory.Reservation is { } low and not 0) writes.Add(new($"{Field}.reservation", "memory.low", Conversions.Limit(low)));
        if (memory.Swap is { } swap && Conversions.SwapToSwapMax(memory.Limit, swap) is { } swapMax)
            writes.Add(new($"{Field}.swap", "memory.swap.max", swapMax));
    }

    private static SysException Refuse(string key, string why) => new(SysError.Plain($"{Field}.{key}: {why}"));
}
