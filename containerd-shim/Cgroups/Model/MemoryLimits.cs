namespace Shim.Cgroups.Model;

/// <summary><c>linux.resources.memory</c>, in bytes; -1 means unlimited.</summary>
internal sealed record MemoryLimits
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    public long? Swap { get; init; }
    public long? Kernel { get; init; }
    public long? KernelTCP { get; init; }
    public ulong? Swappiness { get; init; }
    public bool? DisableOOMKiller { get; init; }
    public bool? UseHierarchy { get; init; }
    public bool? CheckBeforeUpdate { get; init; }
}
