using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// The device rules a container gets when its bundle has <c>linux.resources.devices</c>: the bundle's
/// rules in order, then an allow for each node of <c>linux.devices</c> that no bundle rule names, then the nodes every container
/// needs (null, zero, full, random, urandom, tty, ptmx, pts, and mknod of any node, as runc adds
/// them). The last matching rule decides (cgroup v1's meaning of a rule list), and a default node
/// that a bundle rule names exactly is left to that rule: unlike runc, a bundle can take away
/// /dev/null. Without <c>linux.resources.devices</c> there is no filter at all.
/// </summary>
internal static class DeviceRules
{
    private static readonly DeviceAccessRule[] Defaults =
    [
        new(true, 'c', null, null, Linux.Native.Bpf.BPF_DEVCG_ACC_MKNOD),
        new(true, 'b', null, null, Linux.Native.Bpf.BPF_DEVCG_ACC_MKNOD),
        new(true, 'c', 1, 3, DeviceAccessRule.All),   // null
        new(true, 'c', 1, 5, DeviceAccessRule.All),   // zero
        new(true, 'c', 1, 7, DeviceAccessRule.All),   // full
        new(true, 'c', 1, 8, DeviceAccessRule.All),   // random
        new(true, 'c', 1, 9, DeviceAccessRule.All),   // urandom
        new(true, 'c', 5, 0, DeviceAccessRule.All),   // tty
        new(true, 'c', 5, 2, DeviceAccessRule.All),   // ptmx
        new(true, 'c', 136, null, DeviceAccessRule.All), // pts/*
    ];

    /// <summary>Null when the bundle asks for no device rules.</summary>
    public static List<DeviceAccessRule>? For(Resources? resources, List<Oci.Device>? nodes)
    {
        if (resources?.Devices is not { } specRules) return null;
        var rules = new List<DeviceAccessRule>();
        for (var i = 0; i < specRules.Count; i++)
            rules.Add(DeviceAccessRule.Parse(specRules[i], $"linux.resources.devices[{i}]"));
        var named = rules.Where(r => r.Major is not null && r.Minor is not null).Select(r => (r.Type, r.Major, r.Minor)).ToHashSet();
        foreach (var node in nodes ?? [])
        {
            var type = node.Type == "b" ? 'b' : 'c';
            if (node.Type is "c" or "u" or "b" && !named.Contains((type, node.Major, node.Minor)))
                rules.Add(new DeviceAccessRule(true, type, node.Major, node.Minor, DeviceAccessRule.All));
        }
        rules.AddRange(Defaults.Where(d => d.Minor is null || !named.Contains((d.Type, d.Major, d.Minor))));
        return rules;
    }
}
