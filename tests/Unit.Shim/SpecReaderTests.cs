using System.Collections;
using System.Reflection;
using System.Text.Json;
using Shim.Config;

namespace Tests.UnitShim;

/// <summary>SpecReader must give exactly what the source-generated deserializer gives, for every property
/// of the model (found by reflection, so a property added to lib/Oci later fails here until it is read).</summary>
public sealed class SpecReaderTests
{
    [Fact]
    public void Every_property_of_the_model_reads_as_the_deserializer_reads_it()
    {
        var json = Oci.OciJson.Serialize((Oci.Spec)Filled(typeof(Oci.Spec), 1)!);
        AssertSameAsDeserializer(json);
    }

    [Fact]
    public void Absent_members_read_as_the_deserializer_reads_them()
    {
        AssertSameAsDeserializer(System.Text.Encoding.UTF8.GetBytes(Empties(typeof(Oci.Spec))));
    }

    [Fact]
    public void Null_members_and_null_entries_read_as_the_deserializer_reads_them()
    {
        AssertSameAsDeserializer("""
            {"ociVersion": "1.0.2", "process": {"args": ["a", null], "user": null, "cwd": null, "terminal": null,
             "capabilities": {"bounding": null}, "rlimits": [null], "oomScoreAdj": null}, "root": {"path": "r", "readonly": null},
             "mounts": null, "hooks": {"prestart": [null]}, "annotations": {"a": null},
             "linux": {"resources": null, "devices": [{"type": "c", "major": 1, "minor": 2, "uid": null}], "seccomp": null}}
            """u8.ToArray());
    }

    [Fact]
    public void Unknown_members_are_skipped_and_a_repeated_member_keeps_its_last_value()
    {
        AssertSameAsDeserializer("""
            {"ociVersion": "1.0.2", "unknown": {"x": [1, {"y": 2}]}, "hostname": "a", "hostname": "b",
             "process": {"Args": ["ignored: names are case-sensitive"], "args": ["x"], "cwd": "/"}, "root": {"path": "r"},
             "linux": {"resources": {"memory": {"limit": 1}}, "sysctl": {"k": "1", "k": "2"}}}
            """u8.ToArray());
    }

    [Fact]
    public void Runc_default_spec_reads_as_the_deserializer_reads_it()
    {
        var spec = Path.Combine(AppContext.BaseDirectory, "runc-spec.json");
        AssertSameAsDeserializer(File.ReadAllBytes(spec));
    }

    [Theory]
    [InlineData("""{"process": {"user": {"uid": "x"}}}""")]
    [InlineData("""{"process": {"user": {"uid": -1}}}""")]
    [InlineData("""{"process": {"user": {"uid": 1.5}}}""")]
    [InlineData("""{"process": {"user": {"uid": null}}}""")]
    [InlineData("""{"process": {"args": "x"}}""")]
    [InlineData("""{"process": {"oomScoreAdj": "high"}}""")]
    [InlineData("""{"process": {"terminal": 1}}""")]
    [InlineData("""{"linux": {"devices": [{"major": 1.5}]}}""")]
    [InlineData("""{"linux": {"sysctl": {"k": 1}}}""")]
    [InlineData("""{"linux": {"seccomp": {"syscalls": [{"args": [{"value": -1}]}]}}}""")]
    [InlineData("""{"mounts": {"destination": "/x"}}""")]
    public void A_value_of_the_wrong_kind_is_refused_by_both(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.Throws<JsonException>(() => Oci.OciJson.Parse(bytes));
        using var document = JsonDocument.Parse(bytes);
        Assert.Throws<JsonShapeException>(() => SpecReader.Read(document.RootElement));
    }

    private static void AssertSameAsDeserializer(byte[] json)
    {
        var expected = Oci.OciJson.Serialize(Oci.OciJson.Parse(json));
        using var document = JsonDocument.Parse(json);
        var actual = Oci.OciJson.Serialize(SpecReader.Read(document.RootElement));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
    }

    /// <summary>JSON of a model type with only its object members (and lists of objects), each as empty as
    /// this: every other member absent.</summary>
    private static string Empties(Type type)
    {
        var members = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var t = property.PropertyType;
            var item = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0] : null;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (item is { Namespace: "Oci", IsClass: true }) members.Add($"\"{name}\": [{Empties(item)}]");
            else if (t is { Namespace: "Oci", IsClass: true }) members.Add($"\"{name}\": {Empties(t)}");
        }
        return "{" + string.Join(", ", members) + "}";
    }

    /// <summary>An instance of a model type with every property set to a value that differs from its default.</summary>
    private static object? Filled(Type type, int seed)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return $"s{seed}";
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(uint)) return (uint)seed + 7;
        if (underlying == typeof(int)) return seed + 7;
        if (underlying == typeof(long)) return (long)seed + 7;
        if (underlying == typeof(ulong)) return (ulong)seed + 7;
        if (underlying == typeof(JsonElement)) return JsonDocument.Parse($$"""{"v": {{seed}}}""").RootElement.Clone();
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(underlying)!;
            list.Add(Filled(underlying.GetGenericArguments()[0], seed + 1));
            list.Add(Filled(underlying.GetGenericArguments()[0], seed + 2));
            return list;
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var map = (IDictionary)Activator.CreateInstance(underlying)!;
            map[$"k{seed}"] = Filled(underlying.GetGenericArguments()[1], seed + 1);
            return map;
        }
        Assert.True(underlying.Namespace == "Oci" && underlying.IsClass, $"the test does not know how to fill {underlying}");
        var instance = Activator.CreateInstance(underlying)!;
        foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            property.SetValue(instance, Filled(property.PropertyType, seed + 1));
        return instance;
    }
}
