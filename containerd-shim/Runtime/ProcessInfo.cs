using System.Globalization;
using Linux;
using Linux.Native;

namespace Shim.Runtime;

/// <summary>What /proc says about a process that is not our child: whether it still exists as the
/// same process (its start time in /proc/PID/stat tells a reused pid apart) and its pid namespace.</summary>
internal static class ProcessInfo
{
    /// <summary>Field 22 of /proc/PID/stat (clock ticks after boot); null when the process is gone.</summary>
    public static ulong? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        if (pid <= 0 || (Signal.kill(pid, 0) < 0 && Errno.Last.Value == Errno.ESRCH)) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The pid namespace link (<c>pid:[4026531836]</c>), or null when the process is gone.</summary>
    public static string? PidNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
