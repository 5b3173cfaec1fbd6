using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>
/// A container's <c>runtime:</c> section, as init will carry it out (<see cref="InitPolicyRuntime"/>). Relative
/// paths are relative to the container's rootfs in its bundle, as in LinuxKit. <c>interfaces</c>, <c>bindNS</c>
/// and <c>namespace</c> need containerd or netlink work init does not do: each is a warning, never silence.
/// </summary>
internal static class RuntimePolicyFactory
{
    public static InitPolicyRuntime? Create(RuntimeDefinition? r, string bundleDirectory, bool writableLayer, ICollection<string> warnings)
    {
        if (r is null) return null;
        var rootfs = $"/{bundleDirectory}/rootfs";
        string Absolute(string p) => p.StartsWith('/') ? p : $"{rootfs}/{p.TrimStart('.', '/')}";
        if (r.InterfacesAt is { } i && r.Interfaces!.Count > 0)
            warnings.Add($"{i.Location}: {i.Path}: accepted without effect (init creates no network interfaces; use an onboot container with net: /run/netns/NAME or ip link)");
        if (r.BindNsAt is { } b && r.BindNs!.Count > 0)
            warnings.Add($"{b.Location}: {b.Path}: accepted without effect (init does not bind a container's namespaces to paths)");
        if (r.NamespaceAt is { } n)
            warnings.Add($"{n.Location}: {n.Path}: accepted without effect (there is no containerd namespace)");
        var mounts = new List<InitPolicyMount>();
        foreach (var m in r.Mounts ?? [])
        {
            if (writableLayer && !m.Destination.StartsWith('/'))
                warnings.Add($"{m.At.Location}: {m.At.Path}: a mount inside the rootfs is hidden by the container's writable layer; set readonly: true to see it");
            // Options were checked when the YAML was read (MountSpec): a failure here is a bug.
            var parsed = MountOptionTable.Parse(m.Options, m.Type == "bind", out var problem)
                ?? throw new InvalidOperationException($"{m.At.Location}: options[{problem.Index}]: {problem.Message}");
            var extra = m.Options.Select(o => o.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0] is "upperdir" or "workdir").Select(kv => kv[1]);
            mounts.Add(new InitPolicyMount
            {
                Source = m.Source, Target = Absolute(m.Destination), Type = m.Type, Flags = parsed.Flags, Propagation = [.. parsed.Propagation],
                Data = parsed.Data, Mkdir = extra.ToList(),
            });
        }
        var runtime = new InitPolicyRuntime
        {
            Mounts = mounts,
            Mkdir = (r.Mkdir ?? []).Select(m => Absolute(m.Path)).ToList(),
            Cgroups = r.Cgroups ?? [],
        };
        return runtime.Mounts.Count + runtime.Mkdir.Count + runtime.Cgroups.Count > 0 ? runtime : null;
    }
}
