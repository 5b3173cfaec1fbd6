namespace Builder.Yaml;

/// <summary>A <c>stopSignal</c>: one the shim forwards to the container (docs/image-layout.md), by name with or
/// without SIG, or by number. Anything else would never reach the container, so it is a build error.</summary>
internal static class StopSignalReader
{
    private static readonly Dictionary<string, int> Forwarded = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["USR1"] = 10, ["USR2"] = 12, ["TERM"] = 15,
    };

    public static int Read(YamlCursor c)
    {
        var text = c.String().Trim();
        var name = text.StartsWith("SIG", StringComparison.Ordinal) ? text[3..] : text;
        if (Forwarded.TryGetValue(name, out var n)) return n;
        if (int.TryParse(text, out n) && Forwarded.ContainsValue(n)) return n;
        throw c.Fail($"expected a signal the shim forwards (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2), found \"{text}\"");
    }
}
