namespace Builder.Yaml;

/// <summary>A <c>net</c>/<c>pid</c>/<c>ipc</c>/<c>uts</c>/<c>userns</c> value as LinuxKit reads it: <c>host</c>
/// (or <c>root</c>) shares init's namespace, <c>new</c> (for net also <c>none</c>) makes one, and an absolute
/// path such as <c>/proc/1/ns/net</c> or a bound <c>/run/netns/x</c> joins that one.</summary>
internal sealed record NamespaceSetting(bool Host, string? Path)
{
    public static NamespaceSetting Shared { get; } = new(true, null);
    public static NamespaceSetting Fresh { get; } = new(false, null);

    public static NamespaceSetting Read(YamlCursor c, bool allowNone = false) => c.String() switch
    {
        "host" or "root" => Shared,
        "new" or "" => Fresh,
        "none" when allowNone => Fresh,
        ['/', ..] path => new NamespaceSetting(false, path),
        var v => throw c.Fail($"expected \"host\", \"new\"{(allowNone ? ", \"none\"" : "")} or an absolute path to a namespace, found \"{v}\""),
    };
}
