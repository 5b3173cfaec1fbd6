using System.Text.Json.Nodes;

namespace Builder.Yaml;

/// <summary>
/// <c>resources</c>: the OCI <c>linux.resources</c> object written in YAML with LinuxKit's key names, checked
/// against the shape of the spec (every key, every type) and turned into the JSON the shim reads. LinuxKit's
/// YAML says <c>blockio</c> where the JSON says <c>blockIO</c>; both are accepted.
/// </summary>
internal static class ResourcesReader
{
    private enum Kind { Int, UInt, Bool, String }

    /// <summary>A field: a scalar kind, an object (fields), or a list of objects; Json is the spec's name.</summary>
    private sealed record Shape(Kind? Scalar = null, Dictionary<string, Shape>? Fields = null, bool List = false, string? Json = null);

    private static Shape S(Kind k, string? json = null) => new(k, Json: json);
    private static Shape O(Dictionary<string, Shape> f, string? json = null) => new(Fields: f, Json: json);
    private static Shape L(Dictionary<string, Shape> f, string? json = null) => new(Fields: f, List: true, Json: json);

    private static readonly Dictionary<string, Shape> Throttle = new() { ["major"] = S(Kind.Int), ["minor"] = S(Kind.Int), ["rate"] = S(Kind.UInt) };

    private static readonly Dictionary<string, Shape> BlockIo = new()
    {
        ["weight"] = S(Kind.UInt), ["leafWeight"] = S(Kind.UInt),
        ["weightDevice"] = L(new() { ["major"] = S(Kind.Int), ["minor"] = S(Kind.Int), ["weight"] = S(Kind.UInt), ["leafWeight"] = S(Kind.UInt) }),
        ["throttleReadBpsDevice"] = L(Throttle), ["throttleWriteBpsDevice"] = L(Throttle),
        ["throttleReadIOPSDevice"] = L(Throttle), ["throttleWriteIOPSDevice"] = L(Throttle),
    };

    private static readonly Shape Root = O(new()
    {
        ["devices"] = L(new() { ["allow"] = S(Kind.Bool), ["type"] = S(Kind.String), ["major"] = S(Kind.Int), ["minor"] = S(Kind.Int), ["access"] = S(Kind.String) }),
        ["memory"] = O(new()
        {
            ["limit"] = S(Kind.Int), ["reservation"] = S(Kind.Int), ["swap"] = S(Kind.Int), ["kernel"] = S(Kind.Int),
            ["kernelTCP"] = S(Kind.Int), ["swappiness"] = S(Kind.UInt), ["disableOOMKiller"] = S(Kind.Bool),
        }),
        ["cpu"] = O(new()
        {
            ["shares"] = S(Kind.UInt), ["quota"] = S(Kind.Int), ["period"] = S(Kind.UInt), ["realtimeRuntime"] = S(Kind.Int),
            ["realtimePeriod"] = S(Kind.UInt), ["cpus"] = S(Kind.String), ["mems"] = S(Kind.String),
        }),
        ["pids"] = O(new() { ["limit"] = S(Kind.Int) }),
        ["blockio"] = O(BlockIo, "blockIO"),
        ["blockIO"] = O(BlockIo),
        ["hugepageLimits"] = L(new() { ["pageSize"] = S(Kind.String), ["limit"] = S(Kind.UInt) }),
        ["network"] = O(new() { ["classID"] = S(Kind.UInt), ["priorities"] = L(new() { ["name"] = S(Kind.String), ["priority"] = S(Kind.UInt) }) }),
        ["unified"] = new(Fields: [], Json: "unified"),
    });

    public static JsonObject Read(YamlCursor c) => (JsonObject)Convert(c, Root);

    private static JsonNode Convert(YamlCursor c, Shape shape)
    {
        if (shape.List) return new JsonArray(c.Items().Select(i => Convert(i, shape with { List = false })).ToArray());
        if (shape.Scalar is { } kind) return Scalar(c, kind);
        var obj = new JsonObject();
        // The unified map is free-form: cgroup v2 file names to values, written as they are.
        if (shape.Fields!.Count == 0)
        {
            foreach (var (k, v) in c.StringMap()) obj[k] = v;
            return obj;
        }
        foreach (var (key, keyAt, value) in c.Entries())
        {
            if (!shape.Fields.TryGetValue(key, out var field))
                throw keyAt.Fail(UnknownKey.Message(key, shape.Fields.Keys));
            var name = field.Json ?? key;
            if (obj.ContainsKey(name)) throw keyAt.Fail("duplicate key");
            if (!value.IsNull) obj[name] = Convert(value, field);
        }
        return obj;
    }

    private static JsonNode Scalar(YamlCursor c, Kind kind) => kind switch
    {
        Kind.Int => JsonValue.Create(c.Long()),
        Kind.UInt => JsonValue.Create(c.ULong()),
        Kind.Bool => JsonValue.Create(c.Bool()),
        _ => JsonValue.Create(c.String()),
    };
}
