using System.Globalization;
using System.Text.Json;
using Shim.Cgroups;

namespace Shim.Runtime;

/// <summary>
/// <c>events [--stats] [--interval D] ID</c>: runc's stats record, one JSON line
/// (<c>{"type":"stats","id":ID,"data":{"memory":...,"pids":...,"cpu":...}}</c>) read from the
/// container's cgroup; with --stats once, else every interval (5 s unless given) until it stops.
/// (The engines read cgroups themselves for their stats; this is for people and scripts.)
/// </summary>
internal static class EventsCommand
{
    public static int Run(CommandLine command)
    {
        var interval = TimeSpan.FromSeconds(5);
        var once = false;
        foreach (var (name, value) in command.Settings)
        {
            if (name == "--stats") once = true;
            else if (name == "--interval" && Duration(value) is { } d) interval = d;
            else if (name == "--interval") return Verbs.Fail(command.Id, $"events: --interval \"{value}\" is not a duration (5s, 500ms)");
        }
        while (true)
        {
            if (Verbs.Find(command) is not var (record, status)) return 1;
            if (status == ContainerStatus.Stopped) return once ? Verbs.Fail(command.Id, "events: container not running") : 0;
            if (RunningCgroup.Find(command, record, out var error) is not { } cgroup) return Verbs.Fail(command.Id, error!.Wrap("events"));
            Stdout.Write(Stats(command.Id, cgroup));
            if (once) return 0;
            Thread.Sleep(interval);
        }
    }

    private static byte[] Stats(string id, RunningCgroup cgroup)
    {
        var v2 = cgroup.Unified is not null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "stats");
            json.WriteString("id", id);
            json.WriteStartObject("data");
            json.WriteStartObject("memory");
            json.WriteStartObject("usage");
            json.WriteNumber("usage", Number(cgroup, "memory", v2 ? "memory.current" : "memory.usage_in_bytes"));
            json.WriteNumber("limit", Number(cgroup, "memory", v2 ? "memory.max" : "memory.limit_in_bytes"));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("pids");
            json.WriteNumber("current", Number(cgroup, "pids", "pids.current"));
            json.WriteNumber("limit", Number(cgroup, "pids", "pids.max"));
            json.WriteEndObject();
            json.WriteStartObject("cpu");
            json.WriteStartObject("usage");
            json.WriteNumber("total", v2 ? CpuUsageV2(cgroup) : Number(cgroup, "cpuacct", "cpuacct.usage"));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The file's number; 0 when it is missing or says "max" (no limit), as runc reports it.</summary>
    private static ulong Number(RunningCgroup cgroup, string controller, string file) =>
        cgroup.DirectoryFor(controller) is { } dir && ulong.TryParse(CgroupFile.Read($"{dir}/{file}")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>cpu.stat's usage_usec in nanoseconds, runc's unit.</summary>
    private static ulong CpuUsageV2(RunningCgroup cgroup)
    {
        foreach (var line in (CgroupFile.Read($"{cgroup.Unified}/cpu.stat") ?? "").Split('\n'))
            if (line.StartsWith("usage_usec ", StringComparison.Ordinal) && ulong.TryParse(line[11..], NumberStyles.None, CultureInfo.InvariantCulture, out var us))
                return us * 1000;
        return 0;
    }

    private static TimeSpan? Duration(string text)
    {
        var (digits, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0) : text.EndsWith('s') ? (text[..^1], 1000.0) : (text, 1000.0);
        return double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0 ? TimeSpan.FromMilliseconds(n * scale) : null;
    }
}
