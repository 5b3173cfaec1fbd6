using System.Globalization;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// <c>linux.resources.blockIO</c> on cgroup v2: weights go to io.bfq.weight as they are (BFQ keeps
/// blkio's 1..1000 range), or converted to io.weight when the kernel has no BFQ; throttles go to
/// io.max as rbps/wbps/riops/wiops per device (rate 0 lifts the limit, as it did on v1).
/// </summary>
internal static class IoFiles
{
    private const string Field = "linux.resources.blockIO";

    public static void Add(List<CgroupWrite> writes, BlockIoLimits? io)
    {
        if (io is null) return;
        if (io.LeafWeight is not null || io.WeightDevice?.Any(d => d.LeafWeight is not null) == true)
            throw new SysException(SysError.Plain($"{Field}.leafWeight: leaf weights are cgroup v1's; cgroup v2 has none"));
        if (io.Weight is { } weight)
            writes.Add(Weight($"{Field}.weight", "", weight));
        var devices = io.WeightDevice ?? [];
        for (var i = 0; i < devices.Count; i++)
        {
            if (devices[i].Weight is { } w)
                writes.Add(Weight($"{Field}.weightDevice[{i}]", $"{Device(devices[i].Major, devices[i].Minor)} ", w));
        }
        Throttle(writes, "throttleReadBpsDevice", "rbps", io.ThrottleReadBpsDevice);
        Throttle(writes, "throttleWriteBpsDevice", "wbps", io.ThrottleWriteBpsDevice);
        Throttle(writes, "throttleReadIOPSDevice", "riops", io.ThrottleReadIOPSDevice);
        Throttle(writes, "throttleWriteIOPSDevice", "wiops", io.ThrottleWriteIOPSDevice);
    }

    private static CgroupWrite Weight(string field, string devicePrefix, ushort weight) =>
        new(field, "io.bfq.weight", devicePrefix + weight.ToString(CultureInfo.InvariantCulture),
            new CgroupWrite(field, "io.weight", devicePrefix + Conversions.BlkioWeightToIoWeight(weight).ToString(CultureInfo.InvariantCulture)));

    private static void Throttle(List<CgroupWrite> writes, string key, string ioKey, List<ThrottleDevice>? devices)
    {
        for (var i = 0; i < (devices?.Count ?? 0); i++)
        {
            var d = devices![i];
            var rate = d.Rate == 0 ? "max" : d.Rate.ToString(CultureInfo.InvariantCulture);
            writes.Add(new($"{Field}.{key}[{i}]", "io.max", $"{Device(d.Major, d.Minor)} {ioKey}={rate}"));
        }
    }

    private static string Device(long major, long minor) =>
        major >= 0 && minor >= 0 ? $"{major}:{minor}" : throw new SysException(SysError.Plain($"{Field}: {major}:{minor} is not a device number"));
}
