namespace Oci;

/// <summary>The annotations of config.json that the builder writes and init or the shim read
/// (docs/image-layout.md).</summary>
public static class CinitAnnotations
{
    /// <summary>How init treats the container: <see cref="InitPolicy"/> as JSON.</summary>
    public const string Policy = "org.cinit.policy";

    /// <summary><c>"true"</c>: the shim puts a tmpfs-backed overlay over the read-only rootfs.</summary>
    public const string WritableLayer = "org.cinit.writable-layer";
}
