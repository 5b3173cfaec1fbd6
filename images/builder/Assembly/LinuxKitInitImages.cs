using Builder.Registry;

namespace Builder.Assembly;

/// <summary>
/// The <c>init:</c> images of LinuxKit whose job our own programs do: linuxkit/init (PID 1, rc.init, service),
/// linuxkit/runc (the runtime) and linuxkit/containerd (the daemon and its shim). Any tag or digest, on Docker
/// Hub or through a mirror of it; a local path never matches, so a user can still unpack such an image on purpose.
/// </summary>
internal static class LinuxKitInitImages
{
    private static readonly string[] Replaced = ["linuxkit/init", "linuxkit/runc", "linuxkit/containerd"];

    public static bool IsReplaced(string reference) =>
        IsRegistryReference(reference)
        && ImageName.TryParse(reference, out _) is { } name
        && name.Host == ImageName.DockerHub
        && Replaced.Contains(name.Repository, StringComparer.Ordinal);

    public static string Note(string reference) =>
        $"init image {reference}: replaced by our init and runtime (/init, /usr/bin/containerd-shim as runc, ctr and initctl)";

    private static bool IsRegistryReference(string reference) =>
        !reference.StartsWith('.') && !reference.StartsWith('/') && (reference.Contains(':') || reference.Contains('@'));
}
