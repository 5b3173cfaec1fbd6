namespace Builder.Yaml;

/// <summary>Whole-image checks of <c>volumes:</c>: names are unique (they are directories), and a platform
/// list, which we cannot honour (only linux/amd64 is built), is said to have no effect.</summary>
internal static class VolumeRules
{
    public static void Check(ImageDefinition d)
    {
        var seen = new Dictionary<string, VolumeDefinition>(StringComparer.Ordinal);
        foreach (var v in d.Volumes)
        {
            if (seen.TryGetValue(v.Name, out var first))
                throw v.NameAt!.Fail($"duplicate volume name \"{v.Name}\" (first at {first.NameAt!.Location}, {first.At.Path})");
            seen[v.Name] = v;
            if (v.PlatformsAt is { } at)
                d.Warnings.Add($"{at.Location}: {at.Path}: accepted without effect (volumes hold linux/amd64 only)");
            if (v.Image is null && v.Format == "oci")
                throw v.At.Fail("format: oci needs an image");
        }
    }
}
