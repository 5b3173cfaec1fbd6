using Linux;
using Shim.Config;
using Shim.Hooks;
using Shim.Protocol;
using Shim.Runtime;

namespace Shim.Stage1;

/// <summary>
/// What happens around stage 2's work, the same for a foreground <c>run</c> and a created container:
/// the hooks that run in the runtime's namespaces (prestart and createRuntime at the pause before
/// pivot_root, poststart after the exec, poststop after the end — in a foreground run; a created
/// container's poststop runs at <c>delete</c>) and, for a created container, its
/// <see cref="DetachedSession"/> (state file, waiting for <c>start</c>).
/// </summary>
internal sealed class ContainerLifecycle(string id, ContainerConfig config, DetachedSession? session)
{
    public int Pid { get; set; }

    private Oci.Hooks? Hooks => config.Spec.Hooks;

    public byte[] State(string status) => Oci.OciJson.Serialize(new Oci.State
    {
        Id = id,
        Status = status,
        Pid = status == ContainerStatus.Stopped ? 0 : Pid,
        Bundle = config.Bundle,
        Annotations = config.Spec.Annotations,
    });

    /// <summary>Answers a pause of stage 2 (<see cref="Stage2Dialogue"/>).</summary>
    public byte[]? OnPause(SyncPoint point, out SysError? error)
    {
        error = null;
        if (point == SyncPoint.Hooks)
        {
            // "created", as crun has it: runtime-spec runtime.md ends "creating" with step 2 (the
            // environment made), before prestart, createRuntime and createContainer (steps 3 to 5).
            var created = State(ContainerStatus.Created);
            error = HookRunner.Run("prestart", Hooks?.Prestart, created) ?? HookRunner.Run("createRuntime", Hooks?.CreateRuntime, created);
            return error is null ? created : null;
        }
        if (session is not null && !session.WaitForStart(Pid, out error)) return null;
        return State("created");
    }

    /// <summary>The container's process runs: poststart hooks, whose failure is only a warning.</summary>
    public void Started()
    {
        var warnings = RunHooks("poststart", Hooks?.Poststart, ContainerStatus.Running);
        var text = warnings.Count == 0 ? null : string.Join('\n', warnings.Select(w => $"containerd-shim: {id}: warning: hook: {w}"));
        if (session is not null) session.Started(text);
        else if (text is not null) Stderr.WriteLine(text);
    }

    /// <summary>The container ended: its exit status on record (create), or poststop hooks (run).</summary>
    public void Stopped(ExitStatus status)
    {
        if (session is not null)
        {
            session.Stopped(ExitCodes.ForContainerExit(status));
            return;
        }
        foreach (var warning in RunHooks("poststop", Hooks?.Poststop, ContainerStatus.Stopped))
            Stderr.WriteLine($"containerd-shim: {id}: warning: hook: {warning}");
    }

    /// <summary>The state JSON only when there is a hook to read it: its serializer's first use costs more
    /// CPU and memory than the rest of the supervising shim's wait (bench/README.md).</summary>
    private IReadOnlyList<SysError> RunHooks(string kind, List<Oci.Hook>? hooks, string status) =>
        hooks is { Count: > 0 } ? HookRunner.RunEach(kind, hooks, State(status)) : [];
}
