using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        foreach (var source in d.Sources) merged = Merge(merged, YamlJson.Convert(source));
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
}
