using Linux;

namespace Pid1.Supervision;

/// <summary>One started shim: its pid, the task that logs its output, and (once reaped) how it ended.</summary>
internal sealed class ContainerRun(ContainerBundle bundle, int pid, Task output, TaskCompletionSource outputGate)
{
    /// <summary>Lets the output pump start; call right after logging that the container started (and on exit).</summary>
    public void ReleaseOutput() => outputGate.TrySetResult();

    public ContainerBundle Bundle { get; } = bundle;

    /// <summary>The cgroup v2 directory its container runs in (<see cref="ContainerCgroup"/>); null when none.</summary>
    public string? CgroupDirectory { get; init; }

    public int Pid { get; } = pid;

    /// <summary>Completes when the shim's stdout/stderr pipe is closed and every line is logged.</summary>
    public Task Output { get; } = output;

    public ExitStatus? Exit { get; set; }

    public bool Exited => Exit is not null;

    /// <summary>Called on the event loop when the reaper reports this pid.</summary>
    public Action<ContainerRun>? OnExit { get; set; }
}
