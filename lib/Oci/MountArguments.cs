namespace Oci;

/// <summary>
/// One mount's options as mount(2) arguments (<see cref="MountOptionTable.Parse"/>), and the order of calls
/// that carries them out, for the shim and init alike: the mount itself, then, for a bind, a remount with the
/// flags the kernel ignored in the bind (ro, nosuid, ...), then one call per propagation change, which the
/// kernel also ignores in the first call.
/// </summary>
public sealed record MountArguments(ulong Flags, IReadOnlyList<ulong> Propagation, string Data)
{
    public bool IsBind => (Flags & MountOptionTable.MS_BIND) != 0;

    /// <summary>Flags a bind takes only through a remount (ro, nosuid, ...), 0 when none.</summary>
    public ulong RemountFlags => Flags & ~(MountOptionTable.MS_BIND | MountOptionTable.MS_REC);

    /// <summary>The flags of the first call: a bind takes nothing but MS_BIND and MS_REC there.</summary>
    public ulong FirstCallFlags => IsBind ? Flags & (MountOptionTable.MS_BIND | MountOptionTable.MS_REC) : Flags;

    /// <summary>The flags of each flags-only call (source, type and data null) on the new mount, in order.</summary>
    public IEnumerable<ulong> FollowUpCalls()
    {
        if (IsBind && RemountFlags != 0) yield return MountOptionTable.MS_REMOUNT | MountOptionTable.MS_BIND | RemountFlags;
        foreach (var p in Propagation) yield return p;
    }
}
