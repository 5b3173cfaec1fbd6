using Builder.Yaml;

namespace Builder.Bundles;

/// <summary>What a container's spec needs from the rest of the build: where its bundle goes, how names become
/// ids, the image's volumes, and where warnings are collected.</summary>
internal sealed record BundleContext(string BundleDirectory, IdResolver Ids, IReadOnlyDictionary<string, VolumeDefinition> Volumes, ICollection<string> Warnings)
{
    public static BundleContext Detached(string name) =>
        new($"containers/services/{name}", IdResolver.Empty, new Dictionary<string, VolumeDefinition>(), new List<string>());
}
