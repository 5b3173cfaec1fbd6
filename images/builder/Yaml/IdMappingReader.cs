using Oci;

namespace Builder.Yaml;

/// <summary><c>uidMappings</c>/<c>gidMappings</c> entries: <c>{containerID, hostID, size}</c>.</summary>
internal static class IdMappingReader
{
    private static readonly MappingSchema<IdMapping[]> Schema = new MappingSchema<IdMapping[]>()
        .Key("containerID", (c, m) => m[0] = m[0] with { ContainerId = c.UInt() })
        .Key("hostID", (c, m) => m[0] = m[0] with { HostId = c.UInt() })
        .Key("size", (c, m) => m[0] = m[0] with { Size = c.UInt() })
        .Required("containerID", "hostID", "size");

    public static List<IdMapping> ReadAll(YamlCursor c) => c.Items().Select(i => Schema.Read(i, [new IdMapping()])[0]).ToList();
}
