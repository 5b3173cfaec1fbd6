using System.Text.Json;
using Builder.Bundles;
using Builder.Images;
using Builder.Yaml;
using Oci;

namespace Tests.UnitBuilder;

/// <summary>One service <c>c</c> with the given keys, through the reader and the spec factory, and a JSON path into the result.</summary>
internal static class SpecSupport
{
    public static readonly ImageConfig Bare = ImageConfig.Empty with { Cmd = ["/bin/sh"] };

    public static Spec Create(string keys, ImageConfig? image = null, BundleContext? context = null)
    {
        var indented = string.Concat(keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n"));
        var d = ImageDefinitionReader.FromText("kernel:\n  image: k\nservices:\n  - name: c\n    image: i\n" + indented, "x.yml");
        return ContainerSpecFactory.Create(d.Services[0], image ?? Bare, context ?? Context(d));
    }

    public static BundleContext Context(ImageDefinition d, List<string>? warnings = null) =>
        new("containers/services/c", IdResolver.ForFiles(d), d.Volumes.ToDictionary(v => v.Name), warnings ?? []);

    public static string? Field(Spec spec, string path)
    {
        using var doc = JsonDocument.Parse(OciJson.Serialize(spec));
        var e = doc.RootElement;
        foreach (var part in path.Split('/'))
        {
            if (int.TryParse(part, out var i) && e.ValueKind == JsonValueKind.Array) e = e[i];
            else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(part, out var child)) e = child;
            else return null;
        }
        return JsonSerializer.Serialize(e);
    }

    public static InitPolicy Policy(Spec spec) => InitPolicyJson.Parse(spec.Annotations![InitPolicyJson.Annotation]);
}
