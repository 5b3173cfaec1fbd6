namespace Shim.Runtime;

/// <summary>
/// A container's status, derived rather than stored, so a supervisor that was killed cannot leave a
/// container "running" forever. Before <c>start</c> the supervisor is its parent: an exit status
/// recorded, the supervisor gone (or its pid reused) or the container's process gone mean stopped, else
/// created. Once started the supervisor has handed it over and ended: running while its process lives
/// (the same process: its start time matches; a zombie has ended), else stopped.
/// </summary>
internal static class ContainerStatus
{
    public const string Created = "created", Running = "running", Stopped = "stopped";

    public static string Of(ContainerRecord record)
    {
        if (record.ExitStatus is not null) return Stopped;
        if (record.Started)
            return ProcessInfo.Alive(record.Pid) && (record.PidStartTime == 0 || ProcessInfo.StartTime(record.Pid) == record.PidStartTime) ? Running : Stopped;
        if (ProcessInfo.StartTime(record.ShimPid) != record.ShimStartTime || !ProcessInfo.Alive(record.ShimPid)) return Stopped;
        return ProcessInfo.Alive(record.Pid) ? Created : Stopped;
    }

    /// <summary>The OCI state of the record; the pid is 0 once stopped, as runc reports it.</summary>
    public static Oci.State ToState(ContainerRecord record, string status) => new()
    {
        Id = record.Id,
        Status = status,
        Pid = status == Stopped ? 0 : record.Pid,
        Bundle = record.Bundle,
        Rootfs = record.Rootfs,
        Created = record.Created is { Length: > 0 } created ? created : null,
        Annotations = record.Annotations,
    };
}
