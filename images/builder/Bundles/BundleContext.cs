using Builder.Yaml;

namespace Builder.Bundles;

/// <summary>What a container's spec needs from the rest of the build: where its bundle goes, how names become
/// ids, the image's volumes, and where warnings are collected.</summary>
internal sealed record BundleContext(string BundleDirectory, IdResolver Ids, IReadOnlyDictionary<string, VolumeDefinition> Volumes, ICollection<string> Warnings)
{
    /// <summary>
    /// Every container gets a cgroup of its own, <c>/containers/KIND/NAME</c> (KIND from the bundle's
    /// directory: onboot, services, onshutdown), unless the YAML names one: init kills what a dead shim
    /// left running through it (docs/cgroups.md). KIND keeps an onshutdown container out of the running
    /// service of the same name.
    /// </summary>
    public string DefaultCgroupsPath(string name) =>
        $"{Oci.ImagePaths.CgroupParent}/{(BundleDirectory.Split('/') is [_, var kind, ..] ? kind : Oci.ImagePaths.Services)}/{name}";

    public static BundleContext Detached(string name) =>
        new(Oci.ImagePaths.InRoot(Oci.ImagePaths.BundleDirectory(Oci.ImagePaths.Services, name)), IdResolver.Empty,
            new Dictionary<string, VolumeDefinition>(), new List<string>());
}
