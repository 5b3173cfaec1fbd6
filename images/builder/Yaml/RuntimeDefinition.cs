namespace Builder.Yaml;

/// <summary>
/// A container's <c>runtime:</c> section: what LinuxKit's init does around the container rather than in its
/// spec. Ours honours <c>mkdir</c>, <c>mounts</c> and <c>cgroups</c> (init, before the first start);
/// <c>interfaces</c>, <c>bindNS</c> and <c>namespace</c> are read, checked, and warned about as having no effect.
/// Null lists mean "not given", so a label's value shows through.
/// </summary>
internal sealed class RuntimeDefinition(YamlCursor at)
{
    private static readonly MappingSchema<Dictionary<string, string>> BindNsSchema = NamespaceKeys();

    private static readonly MappingSchema<object?> InterfaceSchema = new MappingSchema<object?>()
        .Key("name", (c, _) => c.String()).Key("add", (c, _) => c.String())
        .Key("peer", (c, _) => c.String()).Key("createInRoot", (c, _) => c.Bool())
        .Required("name");

    private static readonly MappingSchema<RuntimeDefinition> Schema = new MappingSchema<RuntimeDefinition>()
        .Key("cgroups", (c, r) => r.Cgroups = c.Items().Select(CgroupName).ToList())
        .Key("mounts", (c, r) => r.Mounts = c.Items().Select(MountSpec.Read).ToList())
        .Key("mkdir", (c, r) => r.Mkdir = c.Items().Select(i => (i.String(), i)).ToList())
        .Key("interfaces", (c, r) => (r.Interfaces, r.InterfacesAt) = (c.Items().Select(ReadInterface).ToList(), c))
        .Key("bindNS", (c, r) => (r.BindNs, r.BindNsAt) = (BindNsSchema.Read(c, new Dictionary<string, string>(StringComparer.Ordinal)), c))
        .Key("namespace", (c, r) => (r.Namespace, r.NamespaceAt) = (c.String(), c));

    public YamlCursor At { get; } = at;
    public List<string>? Cgroups { get; set; }
    public List<MountSpec>? Mounts { get; set; }
    public List<(string Path, YamlCursor At)>? Mkdir { get; set; }
    public List<YamlCursor>? Interfaces { get; set; }
    public YamlCursor? InterfacesAt { get; set; }
    public Dictionary<string, string>? BindNs { get; set; }
    public YamlCursor? BindNsAt { get; set; }
    public string? Namespace { get; set; }
    public YamlCursor? NamespaceAt { get; set; }

    public static RuntimeDefinition Read(YamlCursor c) => Schema.Read(c, new RuntimeDefinition(c));

    /// <summary>LinuxKit's per-key override: each key of <paramref name="yaml"/> replaces the label's.</summary>
    public static RuntimeDefinition? Overlay(RuntimeDefinition? label, RuntimeDefinition? yaml)
    {
        if (label is null || yaml is null) return yaml ?? label;
        return new RuntimeDefinition(yaml.At)
        {
            Cgroups = yaml.Cgroups ?? label.Cgroups,
            Mounts = yaml.Mounts ?? label.Mounts,
            Mkdir = yaml.Mkdir ?? label.Mkdir,
            Interfaces = yaml.Interfaces ?? label.Interfaces,
            InterfacesAt = yaml.InterfacesAt ?? label.InterfacesAt,
            BindNs = yaml.BindNs ?? label.BindNs,
            BindNsAt = yaml.BindNsAt ?? label.BindNsAt,
            Namespace = yaml.Namespace ?? label.Namespace,
            NamespaceAt = yaml.NamespaceAt ?? label.NamespaceAt,
        };
    }

    private static MappingSchema<Dictionary<string, string>> NamespaceKeys()
    {
        var schema = new MappingSchema<Dictionary<string, string>>();
        foreach (var ns in new[] { "cgroup", "ipc", "mnt", "net", "pid", "user", "uts" })
            schema.Key(ns, (c, d) => d[ns] = c.String().StartsWith('/') ? c.String() : throw c.Fail($"expected an absolute path, found \"{c.String()}\""));
        return schema;
    }

    private static YamlCursor ReadInterface(YamlCursor c)
    {
        InterfaceSchema.Read(c, null);
        return c;
    }

    private static string CgroupName(YamlCursor c)
    {
        var name = c.String().Trim('/');
        return name.Length > 0 && !name.Split('/').Any(p => p is "" or "." or "..")
            ? name : throw c.Fail($"expected a cgroup path such as \"podruntime/docker\", found \"{c.String()}\"");
    }
}
