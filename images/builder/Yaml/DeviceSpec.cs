namespace Builder.Yaml;

/// <summary>A <c>devices</c> entry: a node to create in the container's /dev (<c>path</c>, <c>type</c> c/b/u/p,
/// <c>major</c>, <c>minor</c>, octal <c>mode</c>), or <c>path: all</c> to allow every device of the type.</summary>
internal sealed record DeviceSpec(string Path, string Type, long Major, long Minor, uint? Mode, YamlCursor At)
{
    private sealed class Raw
    {
        public string? Path, Type;
        public long Major, Minor;
        public uint? Mode;
    }

    private static readonly MappingSchema<Raw> Schema = new MappingSchema<Raw>()
        .Key("path", (c, d) => d.Path = c.String())
        .Key("type", (c, d) => d.Type = c.OneOf("c", "b", "u", "p", "a"))
        .Key("major", (c, d) => d.Major = c.Long())
        .Key("minor", (c, d) => d.Minor = c.Long())
        .Key("mode", (c, d) => d.Mode = OctalMode.ReadNumber(c))
        .Required("path", "type");

    public bool IsAll => Path == "all";

    public static DeviceSpec Read(YamlCursor c)
    {
        var raw = Schema.Read(c, new Raw());
        if (raw.Path != "all" && !raw.Path!.StartsWith("/dev/", StringComparison.Ordinal))
            throw c.Fail($"device path must be under /dev/ (or \"all\"), found \"{raw.Path}\"");
        if (raw.Path != "all" && raw.Mode is null) throw c.Fail("missing required key \"mode\" (an octal mode such as \"0666\")");
        return new DeviceSpec(raw.Path!, raw.Type!, raw.Major, raw.Minor, raw.Mode, c);
    }
}
