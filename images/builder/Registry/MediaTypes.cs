namespace Builder.Registry;

/// <summary>The manifest and layer media types we read and write (OCI and their Docker v2 twins).</summary>
internal static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Every manifest kind we accept, for the Accept header: without it registries fall back to schema 1.</summary>
    public static readonly string[] Manifests = [OciIndex, OciManifest, DockerList, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;
}
