namespace Shim.Runtime;

/// <summary>
/// What <c>--root/ID/state.json</c> holds: the OCI state's fields plus what only the runtime needs —
/// the supervising shim's pid and start time and the container's (so a reused pid is not taken for
/// either), whether <c>start</c> released the container, and its exit status when it ended before that.
/// Written only by the supervisor, always whole and atomically (write a temporary file, then rename).
/// </summary>
internal sealed record ContainerRecord
{
    public string Id { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string? Rootfs { get; init; }
    public int Pid { get; init; }
    public ulong PidStartTime { get; init; }
    public int ShimPid { get; init; }
    public ulong ShimStartTime { get; init; }
    public bool Started { get; init; }
    public int? ExitStatus { get; init; }
    public string Created { get; init; } = "";
    public Dictionary<string, string>? Annotations { get; init; }

    /// <summary>Whether the config saved at create has poststop hooks; <c>delete</c> reads (parses) that
    /// config only when it has, or when an older record does not say (null).</summary>
    public bool? PoststopHooks { get; init; }

    /// <summary>The cgroup directories the supervisor made, parents first; it removes them when the
    /// container ends, and <c>delete</c> removes any still there (a supervisor that was SIGKILLed).</summary>
    public List<string>? CgroupDirectories { get; init; }
}
