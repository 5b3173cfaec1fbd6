namespace Oci;

/// <summary>Paths inside the image that the builder, init and the shim agree on (docs/image-layout.md).</summary>
public static class ImagePaths
{
    /// <summary>The bundles: <c>/containers/onboot/NNN-NAME</c>, <c>/containers/services/NAME</c>, ...;
    /// volumes under <c>/containers/volumes/NAME</c>.</summary>
    public const string Containers = "/containers";

    /// <summary>init's control socket, which the shim's <c>cinit</c> verbs talk to.</summary>
    public const string ControlSocket = "/run/cinit.sock";

    /// <summary>Where the shim keeps a container's writable layer (a tmpfs with the overlay's upper and work dirs).</summary>
    public const string LayerRoot = "/run/containers";

    public static string LayerDirectory(string id) => $"{LayerRoot}/{id}";
}
