using ShimV2.Protocol.Types;

namespace ShimV2.Serve;

/// <summary>The task's init process (ExecId "") or one of its execs, as the Task service reports it.</summary>
internal sealed class ShimProcess
{
    public required string ContainerId { get; init; }

    public required string ExecId { get; init; }

    public required string Stdin { get; init; }

    public required string Stdout { get; init; }

    public required string Stderr { get; init; }

    public required bool Terminal { get; init; }

    /// <summary>An exec's runtime-spec process JSON, run at Start.</summary>
    public byte[]? Spec { get; init; }

    public int Pid { get; set; }

    public Status Status { get; set; } = Status.Created;

    public uint ExitStatus { get; set; }

    public DateTime ExitedAt { get; set; }

    public ProcessStdio? Stdio { get; set; }

    public ConsoleRelay? Console { get; set; }

    /// <summary>The init process's cgroup OOM-kill count, checked when it exits (execs have none).</summary>
    public OomCounter? Oom { get; set; }

    /// <summary>Held while the process is started and its start event published, and taken by its exit:
    /// containerd never sees a process exit before it saw it start (a container that exits at once).</summary>
    public Lock Starting { get; } = new();

    /// <summary>Completes once the process ended and its status is recorded.</summary>
    public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The id containerd's events and State name the process by: the exec id, or the container's.</summary>
    public string Name => ExecId.Length > 0 ? ExecId : ContainerId;
}
