using System.Globalization;

namespace Shim.Runtime;

/// <summary>The processes of a container, found by its pid namespace: every /proc entry whose
/// ns/pid link is the container's first process's. (A container without a pid namespace of its own
/// would match the host's: callers refuse that case.)</summary>
internal static class ContainerProcesses
{
    public static List<int> Of(int containerPid)
    {
        var found = new List<int>();
        if (ProcessInfo.PidNamespace(containerPid) is not { } ns) return found;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ProcessInfo.PidNamespace(pid) == ns) found.Add(pid);
        }
        found.Sort();
        return found;
    }

    /// <summary>
    /// Every process of a running container: its cgroup's (v1 or v2) when it has one of its own, as runc
    /// finds them; else its pid namespace's; else, sharing the host's, only its first process (all of
    /// the namespace would be every process of the host).
    /// </summary>
    public static List<int> All(CommandLine command, ContainerRecord record)
    {
        try
        {
            var config = Config.ContainerConfig.Load(new StateDirectory(command.Root).DirOf(command.Id));
            if (Cgroups.ContainerCgroup.ProcessesOf(config, command.Id, record.Pid) is { Count: > 0 } pids) return [.. pids.Order()];
        }
        catch (Linux.SysException)
        {
            // The saved config cannot be read again: fall back to the pid namespace.
        }
        return HasOwnNamespace(record.Pid) ? Of(record.Pid) : [record.Pid];
    }

    /// <summary>True when the container has its own pid namespace (not the host's, i.e. ours).</summary>
    public static bool HasOwnNamespace(int containerPid) =>
        ProcessInfo.PidNamespace(containerPid) is { } ns && ns != ProcessInfo.PidNamespace(Environment.ProcessId);
}
