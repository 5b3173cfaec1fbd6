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

    /// <summary>True when the container has its own pid namespace (not the host's, i.e. ours).</summary>
    public static bool HasOwnNamespace(int containerPid) =>
        ProcessInfo.PidNamespace(containerPid) is { } ns && ns != ProcessInfo.PidNamespace(Environment.ProcessId);
}
