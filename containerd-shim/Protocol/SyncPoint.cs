namespace Shim.Protocol;

/// <summary>Where stage 2 pauses for stage 1; the protocol is described on <see cref="SetupStep"/>.
/// The values stay clear of SetupStep's so a stray byte is never taken for the other kind.</summary>
internal enum SyncPoint : byte
{
    /// <summary>Mounts done, before pivot_root: stage 1 runs prestart and createRuntime hooks.</summary>
    Hooks = 0xf0,

    /// <summary>Ready to exec: stage 1 answers at once (run) or when <c>start</c> asks (create).</summary>
    Start = 0xf1,

    /// <summary>The other way, stage 1 to stage 2, once after the handoff: stage 2 is in the container's
    /// cgroups. Stage 2 builds the container meanwhile and waits for it only where the cgroup matters
    /// (<see cref="Stage2.Stage2Context.AwaitCgroup"/>).</summary>
    InCgroup = 0xf2,
}
