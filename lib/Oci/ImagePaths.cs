namespace Oci;

/// <summary>Paths inside the image that the builder, init and the shim agree on (docs/image-layout.md).
/// Absolute, as init and the shim see them; the builder lays the root out relative to it (<see cref="InRoot"/>).</summary>
public static class ImagePaths
{
    /// <summary>The bundles: <c>/containers/onboot/NNN-NAME</c>, <c>/containers/services/NAME</c>, ...;
    /// volumes under <c>/containers/volumes/NAME</c>.</summary>
    public const string Containers = "/containers";

    /// <summary>The kinds of bundle, each a directory under <see cref="Containers"/>: onboot and onshutdown
    /// as <c>NNN-NAME</c> (NNN gives the order), services as <c>NAME</c>.</summary>
    public const string Onboot = "onboot";
    public const string Services = "services";
    public const string Onshutdown = "onshutdown";

    /// <summary>The three kinds, in the order the builder lays them out.</summary>
    public static readonly string[] Kinds = [Onboot, Services, Onshutdown];

    /// <summary>Top-level <c>volumes:</c>, one directory per name with its <c>merged/</c> tree.</summary>
    public const string Volumes = Containers + "/volumes";

    /// <summary>The shim, which init starts for every container; <c>initctl</c>, <c>ctr</c> and <c>runc</c> in
    /// <see cref="ShimDirectory"/> are links to it (its argv[0] picks the part).</summary>
    public const string ShimDirectory = "/usr/bin";
    public const string Shim = ShimDirectory + "/containerd-shim";
    public static readonly string[] ShimLinks = ["initctl", "ctr", "runc"];

    /// <summary>The resolver file a DHCP client bound on <c>/run/resolvconf</c> writes; the builder's
    /// <c>/etc/resolv.conf</c> links to it and init makes it (empty) at boot.</summary>
    public const string ResolvConfDirectory = "/run/resolvconf";
    public const string ResolvConf = ResolvConfDirectory + "/resolv.conf";

    /// <summary>In a kernel+squashfs image's small initramfs: the root is the squashfs disk.</summary>
    public const string SquashfsRootMarker = "/etc/cinit-squashfs-root";

    /// <summary>init's control socket, which the shim's <c>cinit</c> verbs talk to.</summary>
    public const string ControlSocket = "/run/cinit.sock";

    /// <summary>Where the shim keeps a container's writable layer (a tmpfs with the overlay's upper and work dirs).</summary>
    public const string LayerRoot = "/run/containers";

    /// <summary>The cgroup (below the cgroup2 mount) every container's own cgroup is under: the builder's
    /// <c>/containers/KIND/NAME</c>, and the shim's <c>/containers/ID</c> when a bundle asks for resources
    /// without naming a path (docs/cgroups.md).</summary>
    public const string CgroupParent = "/containers";

    public static string KindDirectory(string kind) => $"{Containers}/{kind}";

    public static string BundleDirectory(string kind, string dir) => $"{Containers}/{kind}/{dir}";

    public static string VolumeDirectory(string name) => $"{Volumes}/{name}";

    public static string LayerDirectory(string id) => $"{LayerRoot}/{id}";

    /// <summary>An image path as the builder writes it into the root it assembles: <c>containers/services/x</c>.</summary>
    public static string InRoot(string path) => path.TrimStart('/');
}
