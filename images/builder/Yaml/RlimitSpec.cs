using System.Globalization;

namespace Builder.Yaml;

/// <summary>An <c>rlimits</c> entry, LinuxKit's <c>"nofile,1024,2048"</c>: a name with or without RLIMIT_, then
/// the soft and hard limits as numbers or <c>unlimited</c>.</summary>
internal sealed record RlimitSpec(string Type, ulong Soft, ulong Hard)
{
    private static readonly HashSet<string> Known =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    public static RlimitSpec Read(YamlCursor c)
    {
        var parts = c.String().Split(',');
        if (parts.Length != 3) throw c.Fail($"expected \"name,soft,hard\" such as \"nofile,1024,2048\", found \"{c.String()}\"");
        var name = parts[0].Trim().ToUpperInvariant();
        if (!name.StartsWith("RLIMIT_", StringComparison.Ordinal)) name = "RLIMIT_" + name;
        if (!Known.Contains(name)) throw c.Fail($"unknown rlimit \"{parts[0].Trim()}\" (expected one of {string.Join(", ", Known.Select(k => k[7..].ToLowerInvariant()))})");
        var soft = Limit(c, parts[1]);
        var hard = Limit(c, parts[2]);
        if (soft > hard) throw c.Fail($"soft limit {parts[1].Trim()} is above the hard limit {parts[2].Trim()}");
        return new RlimitSpec(name, soft, hard);
    }

    private static ulong Limit(YamlCursor c, string text)
    {
        text = text.Trim();
        if (text.Equals("unlimited", StringComparison.OrdinalIgnoreCase)) return ulong.MaxValue;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw c.Fail($"expected a number or \"unlimited\" as a limit, found \"{text}\"");
    }
}
