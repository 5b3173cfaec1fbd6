using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>
/// <c>files: - metadata: json|yaml</c>: the build's YAML files as one JSON document (JSON is YAML, so both
/// formats get it), merged as the build merges them: lists append, mappings merge, scalars override.
/// Plain scalars keep their YAML type (numbers, booleans, null); quoted ones stay strings.
/// </summary>
internal static class MetadataJson
{
    public static byte[] Write(ImageDefinition d)
    {
        JsonNode? merged = null;
        foreach (var source in d.Sources) merged = Merge(merged, ToJson(source));
        var text = merged?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "{}";
        return Encoding.UTF8.GetBytes(text + "\n");
    }

    private static JsonNode? Merge(JsonNode? earlier, JsonNode? later)
    {
        switch (earlier, later)
        {
            case (JsonArray a, JsonArray b):
                foreach (var item in b.ToList())
                {
                    b.Remove(item);
                    a.Add(item);
                }
                return a;
            case (JsonObject a, JsonObject b):
                foreach (var (key, value) in b.ToList())
                {
                    b.Remove(key);
                    var existing = a[key];
                    var result = Merge(existing, value);
                    if (ReferenceEquals(result, existing)) continue;
                    a.Remove(key);
                    a[key] = result;
                }
                return a;
            default:
                return later ?? earlier;
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } p => Plain(p.Value ?? ""),
        YamlScalarNode q => JsonValue.Create(q.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string v)
    {
        if (v is "" or "~" or "null") return null;
        if (v is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
        return JsonValue.Create(v);
    }
}
