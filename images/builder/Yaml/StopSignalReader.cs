namespace Builder.Yaml;

/// <summary>A <c>stopSignal</c>: one the shim forwards to the container (docs/image-layout.md), by name with or
/// without SIG, or by number. Anything else would never reach the container, so it is a build error.</summary>
internal static class StopSignalReader
{
    public static int Read(YamlCursor c)
    {
        var text = c.String().Trim();
        if (Oci.ForwardedSignals.FromName(text) is { } n) return n;
        if (int.TryParse(text, out var number) && Oci.ForwardedSignals.Contains(number)) return number;
        var names = string.Join(", ", Oci.ForwardedSignals.All.Select(s => "SIG" + s.Name));
        throw c.Fail($"expected a signal the shim forwards ({names}), found \"{text}\"");
    }
}
