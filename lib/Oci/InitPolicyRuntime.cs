namespace Oci;

/// <summary>
/// What init does on the host side before a container's first start: LinuxKit's <c>runtime:</c> section,
/// normalised by the builder (relative paths made absolute under the bundle's rootfs, mount options turned
/// into flags). In LinuxKit's order: <see cref="Mounts"/>, then <see cref="Mkdir"/> (so a directory can be
/// made on a fresh mount), then <see cref="Cgroups"/>.
/// </summary>
public sealed record InitPolicyRuntime
{
    public List<InitPolicyMount> Mounts { get; init; } = [];

    /// <summary>Absolute paths, made with their parents, mode 0755.</summary>
    public List<string> Mkdir { get; init; } = [];

    /// <summary>Cgroup paths relative to /sys/fs/cgroup, made as directories (cgroup v2: one tree).</summary>
    public List<string> Cgroups { get; init; } = [];
}
