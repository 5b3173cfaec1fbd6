namespace Builder.Registry;

/// <summary>
/// Picks the linux/amd64 entry of an image index, the only platform our images boot on. There is no
/// fallback to the first entry: a multi-arch index without amd64 (or an attestation entry) would
/// otherwise give an image that cannot run.
/// </summary>
internal static class PlatformChoice
{
    public static Descriptor? Find(IReadOnlyList<Descriptor> manifests) =>
        manifests.FirstOrDefault(d => d.Platform is { Os: "linux", Architecture: "amd64" });

    public static Descriptor Pick(IReadOnlyList<Descriptor> manifests, string what) =>
        Find(manifests) ?? throw new BuildFailure(
            $"{what}: no linux/amd64 image in the index (it has: {string.Join(", ", manifests.Select(d => d.Platform?.ToString() ?? "no platform"))})");
}
