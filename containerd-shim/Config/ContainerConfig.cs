using Linux;

namespace Shim.Config;

/// <summary>A bundle's config.json, read and checked before anything is created. Every error names
/// the field (<c>mounts[2].options[1]</c>) or the file, line and column the parser stopped at.</summary>
internal sealed record ContainerConfig(
    string Bundle,
    string RootfsPath,
    Oci.Spec Spec,
    Oci.Process Process,
    NamespaceSet Namespaces,
    IReadOnlyList<Oci.MountArguments> MountOptions,
    CapabilitySets? Capabilities,
    bool WritableLayer)
{
    public const string WritableLayerAnnotation = Oci.CinitAnnotations.WritableLayer;

    /// <summary>linux.rootfsPropagation as mount flags (rslave when not given).</summary>
    public ulong RootfsPropagation { get; init; }

    /// <summary>linux.seccomp compiled to BPF; null when the config has none.</summary>
    public Seccomp.SeccompFilter? Seccomp { get; init; }

    /// <summary>linux.cgroupsPath and linux.resources, checked (docs/cgroups.md); null when neither is given.</summary>
    public Cgroups.CgroupRequest? Cgroup { get; init; }

    public static ContainerConfig Load(string bundle)
    {
        var path = Path.Combine(bundle, "config.json");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"read {path}", ExceptionErrno.Of(e)));
        }
        try
        {
            return FromSpec(bundle, ConfigJson.Parse(bytes, path));
        }
        catch (SysException e) when (!e.Error.Operation.StartsWith(path, StringComparison.Ordinal))
        {
            throw new SysException(e.Error.Wrap(path));
        }
    }

    public static ContainerConfig FromSpec(string bundle, Oci.Spec spec)
    {
        if (spec.OciVersion is not { Length: > 0 } version || !version.StartsWith("1.", StringComparison.Ordinal))
            throw FieldError.At("ociVersion", $"\"{spec.OciVersion}\" is not a 1.x runtime-spec version");
        var process = spec.Process ?? throw FieldError.At("process", "missing (the process to run)");
        ProcessFields.Check(process);
        var root = spec.Root ?? throw FieldError.At("root", "missing (the container's root filesystem)");
        if (string.IsNullOrEmpty(root.Path)) throw FieldError.At("root.path", "missing");
        var rootfs = Path.GetFullPath(root.Path, bundle);
        if (!Directory.Exists(rootfs))
            throw FieldError.At("root.path", $"{rootfs} is not a directory");
        var namespaces = NamespaceSet.Parse(spec.Linux?.Namespaces);
        LinuxFields.Check(spec, namespaces);
        var options = MountFields.Check(spec.Mounts ?? []);
        // No capabilities object means no capabilities at all, as runc has it (measured side by side).
        var caps = process.Capabilities is { } c ? CapabilitySets.Parse(c) : new CapabilitySets(0, 0, 0, 0, 0);
        var writable = spec.Annotations?.TryGetValue(WritableLayerAnnotation, out var w) == true && w == "true";
        if (writable && !namespaces.Has(Linux.Native.Sched.CLONE_NEWNS))
            throw FieldError.At($"annotations[\"{WritableLayerAnnotation}\"]", "needs a mount namespace (linux.namespaces): the overlay would stay mounted in the runtime's");
        return new ContainerConfig(bundle, rootfs, spec, process, namespaces, options, caps, writable)
        {
            RootfsPropagation = LinuxFields.RootfsPropagation(spec.Linux?.RootfsPropagation),
            Seccomp = Shim.Seccomp.SeccompFilter.FromSpec(spec.Linux?.Seccomp, process.NoNewPrivileges == true),
            Cgroup = Cgroups.CgroupRequest.From(spec),
        };
    }
}
