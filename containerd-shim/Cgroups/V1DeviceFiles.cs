using Linux.Native;

namespace Shim.Cgroups;

/// <summary>
/// The device rules (<see cref="DeviceRules"/>, the same list the v2 program is compiled from) as
/// cgroup v1 writes: first "a" to devices.deny, so nothing is allowed that no rule allows, then each
/// rule in order to devices.allow or devices.deny. The kernel keeps v1's meaning of the list (a later
/// rule overrides an earlier one for the same devices), and devices.list shows the allows in order.
/// </summary>
internal static class V1DeviceFiles
{
    private const string Field = "linux.resources.devices";

    public static void Add(List<CgroupWrite> writes, IReadOnlyList<DeviceAccessRule> rules)
    {
        writes.Add(new(Field, "devices.deny", "a"));
        foreach (var rule in rules) writes.Add(new(Field, rule.Allow ? "devices.allow" : "devices.deny", Line(rule)));
    }

    /// <summary>"c 1:3 rwm", with * for a wildcard; type a stands for every device whatever follows.</summary>
    public static string Line(DeviceAccessRule rule)
    {
        if (rule.Type == 'a') return "a";
        var major = rule.Major?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*";
        var minor = rule.Minor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*";
        var access = ((rule.Access & Bpf.BPF_DEVCG_ACC_READ) != 0 ? "r" : "") + ((rule.Access & Bpf.BPF_DEVCG_ACC_WRITE) != 0 ? "w" : "")
            + ((rule.Access & Bpf.BPF_DEVCG_ACC_MKNOD) != 0 ? "m" : "");
        return $"{rule.Type} {major}:{minor} {access}";
    }
}
