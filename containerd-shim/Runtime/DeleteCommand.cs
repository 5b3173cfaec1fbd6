using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Hooks;

namespace Shim.Runtime;

/// <summary>
/// <c>delete [--force] ID</c>: a stopped or created container is removed (a created one is killed
/// first, as runc does); a running one only with --force (SIGKILL). The supervisor is waited for, so
/// it never writes into a directory being removed, then ROOT/ID goes and the poststop hooks of the
/// config saved at create run (their failure is a warning).
/// </summary>
internal static class DeleteCommand
{
    private const int SupervisorGraceMs = 10_000;

    public static int Run(CommandLine command)
    {
        var dir = new StateDirectory(command.Root);
        var record = dir.Read(command.Id, out var error);
        if (record is null)
        {
            // A record that is damaged, or a create that died half-way: --force clears it.
            if (command.Force && Directory.Exists(dir.DirOf(command.Id)))
                return dir.Remove(command.Id) is { } removeError ? Verbs.Fail(command.Id, removeError) : 0;
            // As runc: engines clean up with delete --force after a failed create, which left nothing.
            if (command.Force && !Directory.Exists(dir.DirOf(command.Id))) return 0;
            return Verbs.Fail(command.Id, error!);
        }
        var status = ContainerStatus.Of(record);
        if (status == ContainerStatus.Running && !command.Force)
            return Verbs.Fail(command.Id, $"cannot delete container {command.Id} that is not stopped: {status}");
        if (status != ContainerStatus.Stopped && Signal.kill(record.Pid, Signal.SIGKILL) < 0 && Errno.Last.Value != Errno.ESRCH)
            return Verbs.Fail(command.Id, SysError.Last($"kill {record.Pid} SIGKILL"));
        // A frozen (paused) process does not die of SIGKILL on cgroup v1 until it is thawed.
        if (status == ContainerStatus.Running && RunningCgroup.Find(command, record, out _) is { } cgroup && FreezeCommand.IsFrozen(cgroup))
            FreezeCommand.Set(cgroup, freeze: false);
        // A started container is no child of ours (its caller's subreaper reaps it): the pidfd tells
        // its end, after which its cgroup can go.
        if (status != ContainerStatus.Stopped && !ProcessWait.ForExit(record.Pid, SupervisorGraceMs))
            return Verbs.Fail(command.Id, $"its process (pid {record.Pid}) did not end within {SupervisorGraceMs / 1000} s of SIGKILL");
        if (ProcessInfo.StartTime(record.ShimPid) == record.ShimStartTime && !ProcessWait.ForExit(record.ShimPid, SupervisorGraceMs))
            return Verbs.Fail(command.Id, $"its supervisor (pid {record.ShimPid}) did not end within {SupervisorGraceMs / 1000} s of the container");
        // The supervisor removes them when setup fails or the container dies before start; after
        // start it has handed the container over, and they are ours to remove.
        foreach (var leftover in CgroupLeftovers.Remove(record.CgroupDirectories ?? []))
            Stderr.WriteLine($"containerd-shim: {command.Id}: warning: cgroup: {leftover}");
        RemoveLayerDirectory(command.Id);
        var hooks = record.PoststopHooks == false ? null : SavedHooks(dir, command.Id);
        if (dir.Remove(command.Id) is { } failed) return Verbs.Fail(command.Id, failed);
        var state = Oci.OciJson.Serialize(ContainerStatus.ToState(record, ContainerStatus.Stopped));
        foreach (var warning in HookRunner.RunEach("poststop", hooks?.Poststop, state))
            Stderr.WriteLine($"containerd-shim: {command.Id}: warning: hook: {warning}");
        return 0;
    }

    /// <summary>The writable layer's tmpfs went with the container's mount namespace; its empty mount
    /// point on the host stays unless it is empty (someone else's).</summary>
    private static void RemoveLayerDirectory(string id)
    {
        try
        {
            Directory.Delete(Oci.ImagePaths.LayerDirectory(id), recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone already, or not empty: not a layer mount point of ours
        }
    }

    private static Oci.Hooks? SavedHooks(StateDirectory dir, string id)
    {
        try
        {
            return ContainerConfig.Load(dir.DirOf(id)).Spec.Hooks;
        }
        catch (SysException e)
        {
            Stderr.WriteLine($"containerd-shim: {id}: warning: no poststop hooks: {e.Error}");
            return null;
        }
    }
}
