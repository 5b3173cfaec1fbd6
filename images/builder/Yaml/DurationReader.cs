using System.Globalization;
using System.Text.RegularExpressions;

namespace Builder.Yaml;

/// <summary>Durations as Go writes them in LinuxKit YAML, one unit: <c>500ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>;
/// a bare number is seconds. Read into milliseconds.</summary>
internal static partial class DurationReader
{
    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")]
    private static partial Regex Pattern();

    public static int Read(YamlCursor c)
    {
        var text = c.String().Trim();
        return Parse(text) ?? throw c.Fail($"expected a duration such as 500ms, 2s, 1m or 1h, found \"{text}\"");
    }

    public static int? Parse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var ms = m.Groups[2].Value switch
        {
            "ms" => number,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            _ => number * 1000,
        };
        return ms > int.MaxValue ? null : (int)Math.Round(ms);
    }
}
