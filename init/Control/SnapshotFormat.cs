using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pid1.Control;

/// <summary>How <c>list</c> and <c>status</c> print: an aligned table for people, JSON for scripts.
/// JSON is written with Utf8JsonWriter: no reflection, nothing for the AOT trimmer to lose.</summary>
internal static class SnapshotFormat
{
    private const string Header = "NAME STATE PID RESTARTS UPTIME LAST-EXIT";

    public static string Table(IReadOnlyList<ServiceSnapshot> rows)
    {
        var cells = new List<string[]> { Header.Split(' ') };
        cells.AddRange(rows.Select(r => new[] { r.Name, r.State, Dash(r.Pid), r.Restarts.ToString(CultureInfo.InvariantCulture), Uptime(r.UptimeSeconds), r.LastExit ?? "-" }));
        var widths = Enumerable.Range(0, 5).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            for (var c = 0; c < 5; c++) text.Append(row[c].PadRight(widths[c] + 2));
            text.Append(row[5]).Append('\n');
        }
        return text.ToString();
    }

    public static string Json(IReadOnlyList<ServiceSnapshot> rows, bool single)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (!single) json.WriteStartArray();
            foreach (var row in rows) Write(json, row);
            if (!single) json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter json, ServiceSnapshot row)
    {
        json.WriteStartObject();
        json.WriteString("name", row.Name);
        json.WriteString("state", row.State);
        if (row.Pid is { } pid) json.WriteNumber("pid", pid); else json.WriteNull("pid");
        json.WriteNumber("restarts", row.Restarts);
        if (row.UptimeSeconds is { } up) json.WriteNumber("uptimeSeconds", Math.Round(up, 1)); else json.WriteNull("uptimeSeconds");
        if (row.LastExit is { } exit) json.WriteString("lastExit", exit); else json.WriteNull("lastExit");
        json.WriteEndObject();
    }

    private static string Dash(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>1h02m03s style, seconds only below a minute.</summary>
    public static string Uptime(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s)) return "-";
        var t = TimeSpan.FromSeconds(Math.Floor(s));
        if (t.TotalHours >= 1) return $"{(int)t.TotalHours}h{t.Minutes:D2}m{t.Seconds:D2}s";
        return t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";
    }
}
