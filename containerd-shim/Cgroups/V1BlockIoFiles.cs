using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// <c>linux.resources.blockIO</c> on cgroup v1: weights go to blkio.weight (CFQ's file), or
/// blkio.bfq.weight when only BFQ is there; leaf weights to blkio.leaf_weight (CFQ only); throttles
/// to blkio.throttle.*_device, one "MAJ:MIN RATE" write per device (rate 0 removes the limit).
/// </summary>
internal static class V1BlockIoFiles
{
    private const string Field = "linux.resources.blockIO";

    public static void Add(List<CgroupWrite> writes, BlockIoLimits? io)
    {
        if (io is null) return;
        if (io.Weight is { } weight and not 0)
            writes.Add(new($"{Field}.weight", "blkio.weight", Number(weight), new($"{Field}.weight", "blkio.bfq.weight", Number(weight))));
        if (io.LeafWeight is { } leaf and not 0) writes.Add(new($"{Field}.leafWeight", "blkio.leaf_weight", Number(leaf)));
        var devices = io.WeightDevice ?? [];
        for (var i = 0; i < devices.Count; i++)
        {
            var (d, field) = (devices[i], $"{Field}.weightDevice[{i}]");
            if (d.Weight is { } w and not 0)
                writes.Add(new(field, "blkio.weight_device", $"{Device(d.Major, d.Minor)} {Number(w)}",
                    new(field, "blkio.bfq.weight_device", $"{Device(d.Major, d.Minor)} {Number(w)}")));
            if (d.LeafWeight is { } lw and not 0)
                writes.Add(new(field, "blkio.leaf_weight_device", $"{Device(d.Major, d.Minor)} {Number(lw)}"));
        }
        Throttle(writes, "throttleReadBpsDevice", "blkio.throttle.read_bps_device", io.ThrottleReadBpsDevice);
        Throttle(writes, "throttleWriteBpsDevice", "blkio.throttle.write_bps_device", io.ThrottleWriteBpsDevice);
        Throttle(writes, "throttleReadIOPSDevice", "blkio.throttle.read_iops_device", io.ThrottleReadIOPSDevice);
        Throttle(writes, "throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", io.ThrottleWriteIOPSDevice);
    }

    private static void Throttle(List<CgroupWrite> writes, string key, string file, List<ThrottleDevice>? devices)
    {
        for (var i = 0; i < (devices?.Count ?? 0); i++)
        {
            var d = devices![i];
            writes.Add(new($"{Field}.{key}[{i}]", file, $"{Device(d.Major, d.Minor)} {V1ResourceFiles.Number(d.Rate)}"));
        }
    }

    private static string Number(ushort n) => V1ResourceFiles.Number((ulong)n);

    private static string Device(long major, long minor) =>
        major >= 0 && minor >= 0 ? $"{major}:{minor}" : throw new SysException(SysError.Plain($"{Field}: {major}:{minor} is not a device number"));
}
