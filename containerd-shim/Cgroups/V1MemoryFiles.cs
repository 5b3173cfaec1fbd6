using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// <c>linux.resources.memory</c> on cgroup v1: limit -> memory.limit_in_bytes, then swap (memory+swap,
/// v1's own unit) -> memory.memsw.limit_in_bytes, which the kernel keeps at or above the limit, so
/// it comes second; reservation -> soft_limit_in_bytes; kernel and kernelTCP -> memory.kmem.* only
/// where the kernel still has those files (kernels from 5.16 on ignore kmem.limit_in_bytes, as runc
/// does); swappiness; disableOOMKiller -> oom_control. 0 means "not set", -1 unlimited.
/// </summary>
internal static class V1MemoryFiles
{
    private const string Field = "linux.resources.memory";

    public static void Add(List<CgroupWrite> writes, MemoryLimits? memory)
    {
        if (memory is null) return;
        if (memory.Limit is { } limit and not 0) writes.Add(new($"{Field}.limit", "memory.limit_in_bytes", Bytes(limit)));
        if (memory.Swap is { } swap and not 0)
        {
            if (swap < -1) throw new SysException(SysError.Plain($"{Field}.swap: {swap} is not a byte count"));
            if (swap != -1 && memory.Limit is { } l and > 0 && swap < l)
                throw new SysException(SysError.Plain($"{Field}.swap: {swap} is below memory.limit {l}; it is memory plus swap"));
            writes.Add(new($"{Field}.swap", "memory.memsw.limit_in_bytes", Bytes(swap)));
        }
        if (memory.Reservation is { } low and not 0) writes.Add(new($"{Field}.reservation", "memory.soft_limit_in_bytes", Bytes(low)));
        if (memory.Kernel is { } kernel and not 0) writes.Add(Optional($"{Field}.kernel", "memory.kmem.limit_in_bytes", Bytes(kernel)));
        if (memory.KernelTCP is { } tcp and not 0) writes.Add(Optional($"{Field}.kernelTCP", "memory.kmem.tcp.limit_in_bytes", Bytes(tcp)));
        if (memory.Swappiness is { } swappiness)
        {
            if (swappiness > 100) throw new SysException(SysError.Plain($"{Field}.swappiness: {swappiness} is not 0..100"));
            writes.Add(new($"{Field}.swappiness", "memory.swappiness", V1ResourceFiles.Number(swappiness)));
        }
        if (memory.DisableOOMKiller == true) writes.Add(new($"{Field}.disableOOMKiller", "memory.oom_control", "1"));
    }

    /// <summary>v1 writes -1 for unlimited, as the kernel reads it.</summary>
    private static string Bytes(long value) => value < 0 ? "-1" : V1ResourceFiles.Number(value);

    /// <summary>Skipped when the kernel has no such file (kernel memory accounting is going away).</summary>
    private static CgroupWrite Optional(string field, string file, string value) => new(field, file, value) { Optional = true };
}
