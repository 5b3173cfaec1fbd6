namespace Builder.Yaml;

/// <summary>A <c>binds:</c> entry, <c>src:dst[:opt,opt]</c>: an absolute source on the host, or the name of a
/// top-level volume; the destination is absolute.</summary>
internal sealed record BindSpec(string Source, string Destination, IReadOnlyList<string> Options, YamlCursor At)
{
    public bool IsVolume => !Source.StartsWith('/');

    public static BindSpec Read(YamlCursor c)
    {
        var parts = c.String().Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
            throw c.Fail("expected \"src:dst[:options]\"");
        if (!parts[1].StartsWith('/'))
            throw c.Fail($"bind destination must be an absolute path, found \"{c.String()}\"");
        if (!parts[0].StartsWith('/') && !VolumeDefinition.IsValidName(parts[0]))
            throw c.Fail($"bind source must be an absolute path or a volume name, found \"{c.String()}\"");
        var options = parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        if (parts.Length == 3 && options.Length == 0) throw c.Fail("expected \"src:dst[:options]\": empty options");
        MountOptionRules.CheckInScalar(c, parts[0].Length + parts[1].Length + 2, options, bind: true);
        return new BindSpec(parts[0], parts[1], options, c);
    }
}
