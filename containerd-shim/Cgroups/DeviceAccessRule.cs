using Linux;
using Linux.Native;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// One checked device rule: type 'a' (any), 'c' or 'b'; a null major or minor matches any; Access is a
/// mask of BPF_DEVCG_ACC_* (m=1, r=2, w=4).
/// </summary>
internal readonly record struct DeviceAccessRule(bool Allow, char Type, long? Major, long? Minor, int Access)
{
    public const int All = Bpf.BPF_DEVCG_ACC_MKNOD | Bpf.BPF_DEVCG_ACC_READ | Bpf.BPF_DEVCG_ACC_WRITE;

    /// <summary>A spec rule; <paramref name="field"/> (<c>linux.resources.devices[2]</c>) names it in errors.</summary>
    public static DeviceAccessRule Parse(DeviceRule rule, string field)
    {
        var type = rule.Type is null or "" ? 'a' : rule.Type.Length == 1 ? rule.Type[0] : '?';
        if (type is not ('a' or 'c' or 'b'))
            throw new SysException(SysError.Plain($"{field}.type: \"{rule.Type}\" is not a, c or b"));
        return new DeviceAccessRule(rule.Allow, type, Wildcard(rule.Major, field + ".major"),
            Wildcard(rule.Minor, field + ".minor"), ParseAccess(rule.Access, field + ".access"));
    }

    public static int ParseAccess(string? access, string field)
    {
        if (string.IsNullOrEmpty(access)) return All;
        var mask = 0;
        foreach (var c in access)
        {
            mask |= c switch
            {
                'm' => Bpf.BPF_DEVCG_ACC_MKNOD,
                'r' => Bpf.BPF_DEVCG_ACC_READ,
                'w' => Bpf.BPF_DEVCG_ACC_WRITE,
                _ => throw new SysException(SysError.Plain($"{field}: \"{access}\" may only hold r, w and m")),
            };
        }
        return mask;
    }

    /// <summary>The spec writes "any" as a missing number or -1 (runc's convention).</summary>
    private static long? Wildcard(long? number, string field) => number switch
    {
        null or -1 => null,
        < 0 or > uint.MaxValue => throw new SysException(SysError.Plain($"{field}: {number} is not a device number")),
        _ => number,
    };

    public override string ToString() =>
        $"{(Allow ? "allow" : "deny")} {Type} {(Major?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*")}:" +
        $"{(Minor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*")} " +
        $"{((Access & Bpf.BPF_DEVCG_ACC_READ) != 0 ? "r" : "")}{((Access & Bpf.BPF_DEVCG_ACC_WRITE) != 0 ? "w" : "")}{((Access & Bpf.BPF_DEVCG_ACC_MKNOD) != 0 ? "m" : "")}";
}
