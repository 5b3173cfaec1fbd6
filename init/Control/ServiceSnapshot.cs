using System.Globalization;
using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>One row of <c>initctl list</c>, taken on the event loop so it is consistent.</summary>
internal sealed record ServiceSnapshot(string Name, string State, int? Pid, int? Restarts, double? UptimeSeconds, string? LastExit)
{
    /// <summary>The restart count is null until the supervisor keeps one.</summary>
    public static ServiceSnapshot Of(Service service)
    {
        var run = service.Run;
        var running = run is { Exited: false };
        return new ServiceSnapshot(
            service.Name,
            service.State.ToString().ToLowerInvariant(),
            running ? run!.Pid : null,
            null,
            running ? UptimeOf(run!.Pid) : null,
            run?.Exit?.ToString() ?? (service.State == ServiceState.Failed ? service.LastError?.ToString() : null));
    }

    /// <summary>Seconds since the process started: /proc/PID/stat's starttime (field 22, clock ticks since
    /// boot) against CLOCK_BOOTTIME, so no start time needs to be kept anywhere.</summary>
    public static double? UptimeOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; } // it just went away
        return StartTicks(stat) is { } ticks ? Math.Max(0, Linux.Native.Time.BootSeconds() - ticks / 100.0) : null;
    }

    /// <summary>Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses, so
    /// count from the last ')'. USER_HZ is 100 on every Linux ABI we run on.</summary>
    public static long? StartTicks(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0) return null;
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 is fields[19].
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
    }
}
