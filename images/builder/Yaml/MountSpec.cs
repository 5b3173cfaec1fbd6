namespace Builder.Yaml;

/// <summary>
/// A <c>mounts</c> (or <c>runtime.mounts</c>) entry, an OCI mount, with LinuxKit's inference: a missing type
/// comes from a well-known source (proc, sysfs, devpts, mqueue, cgroup) or is tmpfs on /dev; a missing source
/// is the type; a missing destination is the type's usual place. A bind whose source is not absolute names a
/// top-level volume.
/// </summary>
internal sealed record MountSpec(string Destination, string Type, string Source, IReadOnlyList<string> Options, YamlCursor At)
{
    private sealed class Raw
    {
        public string? Destination, Type, Source;
        public List<string> Options = [];
        public YamlCursor? MappingsAt, OptionsAt;
    }

    private static readonly MappingSchema<Raw> Schema = new MappingSchema<Raw>()
        .Key("destination", (c, m) => m.Destination = c.String())
        .Key("type", (c, m) => m.Type = c.String())
        .Key("source", (c, m) => m.Source = c.String())
        .Key("options", (c, m) => (m.Options, m.OptionsAt) = (c.StringList(), c))
        .Key("uidmappings", (c, m) => m.MappingsAt = IdMappingReader.ReadAll(c).Count > 0 ? c : m.MappingsAt)
        .Key("gidmappings", (c, m) => m.MappingsAt = IdMappingReader.ReadAll(c).Count > 0 ? c : m.MappingsAt);

    public bool IsVolumeBind => Type == "bind" && !Source.StartsWith('/');

    public static MountSpec Read(YamlCursor c)
    {
        var raw = Schema.Read(c, new Raw());
        if (raw.MappingsAt is not null) throw raw.MappingsAt.Fail("id-mapped mounts are not supported by our shim");
        var type = raw.Type ?? raw.Source switch
        {
            "mqueue" or "devpts" or "proc" or "sysfs" or "cgroup" => raw.Source,
            _ => raw.Destination == "/dev" ? "tmpfs" : null,
        };
        if (string.IsNullOrEmpty(type)) throw c.Fail($"mount for destination {raw.Destination ?? "(none)"} is missing \"type\"");
        var destination = raw.Destination ?? type switch
        {
            "proc" => "/proc", "devpts" => "/dev/pts", "sysfs" => "/sys", "cgroup" => "/sys/fs/cgroup", "mqueue" => "/dev/mqueue",
            _ => throw c.Fail($"mount of type {type} is missing \"destination\""),
        };
        if (raw.OptionsAt is { } optionsAt) MountOptionRules.CheckList(optionsAt, raw.Options, type == "bind");
        return new MountSpec(destination, type, string.IsNullOrEmpty(raw.Source) ? type : raw.Source, raw.Options, c);
    }

    /// <summary>A <c>tmpfs</c> entry, <c>/dst[:opt,opt]</c>.</summary>
    public static MountSpec ReadTmpfs(YamlCursor c)
    {
        var parts = c.String().Split(':');
        if (parts.Length > 2) throw c.Fail($"expected \"/dst[:options]\", found \"{c.String()}\" (too many ':')");
        if (!parts[0].StartsWith('/')) throw c.Fail($"tmpfs destination must be an absolute path, found \"{parts[0]}\"");
        var options = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        MountOptionRules.CheckInScalar(c, parts[0].Length + 1, options, bind: false);
        return new MountSpec(parts[0], "tmpfs", "tmpfs", options, c);
    }
}
