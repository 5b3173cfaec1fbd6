using Linux;
using Shim.Cgroups;

namespace Shim.Runtime;

/// <summary>
/// <c>pause ID</c> and <c>resume ID</c>: the freezer of the container's cgroup (v1 freezer.state
/// FROZEN/THAWED, v2 cgroup.freeze), waited on until the kernel says every task is frozen or thawed,
/// as runc does. <c>state</c> then says "paused" (<see cref="IsFrozen"/>).
/// </summary>
internal static class FreezeCommand
{
    private const int SettleMs = 5000;

    public static int Run(CommandLine command)
    {
        var freeze = command.Command == "pause";
        if (Verbs.Find(command) is not var (record, status)) return 1;
        if (status != ContainerStatus.Running) return Verbs.Fail(command.Id, $"container not running ({status})");
        if (RunningCgroup.Find(command, record, out var error) is not { } cgroup) return Verbs.Fail(command.Id, error!.Wrap(command.Command));
        error = Set(cgroup, freeze);
        return error is null ? 0 : Verbs.Fail(command.Id, error.Wrap(command.Command));
    }

    /// <summary>Null once the freezer reached the state asked for.</summary>
    public static SysError? Set(RunningCgroup cgroup, bool freeze)
    {
        var (file, value, settled) = Files(cgroup, freeze);
        if (file is null) return SysError.Plain("the freezer cgroup controller is not mounted on this host");
        if (CgroupFile.Write(file, value) is { } error) return error;
        var deadline = Environment.TickCount64 + SettleMs;
        while (Environment.TickCount64 < deadline)
        {
            if (settled()) return null;
            // v1 can stay FREEZING while a task is in an uninterruptible sleep: asking again retries it.
            if (cgroup.Unified is null) CgroupFile.Write(file, value);
            Thread.Sleep(2);
        }
        return SysError.Plain($"{file}: still not {value} after {SettleMs / 1000} s");
    }

    public static bool IsFrozen(RunningCgroup cgroup) => Files(cgroup, freeze: true).Settled();

    private static (string? File, string Value, Func<bool> Settled) Files(RunningCgroup cgroup, bool freeze)
    {
        if (cgroup.Unified is { } v2)
            return ($"{v2}/cgroup.freeze", freeze ? "1" : "0",
                () => CgroupFile.Read($"{v2}/cgroup.events")?.Contains(freeze ? "frozen 1" : "frozen 0", StringComparison.Ordinal) == true);
        var state = cgroup.DirectoryFor("freezer") is { } dir ? $"{dir}/freezer.state" : null;
        var want = freeze ? "FROZEN" : "THAWED";
        return (state, want, () => state is not null && CgroupFile.Read(state)?.Trim() == want);
    }
}
