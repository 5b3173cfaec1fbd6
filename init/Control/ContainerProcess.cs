using System.Globalization;

namespace Pid1.Control;

/// <summary>
/// A service's container process from its shim's pid: stage 2 is the shim's only long-lived child and execs
/// the container's first process in place, so the shim's oldest child is it. Found by reading /proc/*/stat
/// (the parent pid and start time), which works on every kernel (/proc/PID/task/TID/children needs
/// CONFIG_PROC_CHILDREN and lists only the children of the one thread that spawned them).
/// </summary>
internal static class ContainerProcess
{
    public static int? FirstChildOf(int parent)
    {
        (int Pid, ulong Start)? oldest = null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // it ended meanwhile
            if (ParseStat(stat) is not var (ppid, start) || ppid != parent) continue;
            if (oldest is null || start < oldest.Value.Start) oldest = (pid, start);
        }
        return oldest?.Pid;
    }

    /// <summary>The parent pid (field 4) and start time (field 22) of a /proc/PID/stat line; the command name
    /// (field 2) may hold spaces and parentheses, so fields are counted from its last ')'.</summary>
    internal static (int ParentPid, ulong StartTime)? ParseStat(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length) return null;
        var fields = stat[(close + 2)..].Split(' ');
        // After the name: state (3), ppid (4), ... starttime (22): indexes 0, 1 and 19.
        if (fields.Length < 20) return null;
        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)) return null;
        if (!ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        return (ppid, start);
    }
}
