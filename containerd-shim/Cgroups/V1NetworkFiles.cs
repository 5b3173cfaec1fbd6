using System.Text.Json;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary><c>linux.resources.network</c> on cgroup v1: classID -> net_cls.classid, each priority ->
/// one "IFNAME PRIO" write to net_prio.ifpriomap.</summary>
internal static class V1NetworkFiles
{
    private const string Field = "linux.resources.network";

    public static void Add(List<CgroupWrite> writes, NetworkLimits? network)
    {
        if (network is null) return;
        if (network.ClassID is { } classId) writes.Add(new($"{Field}.classID", "net_cls.classid", V1ResourceFiles.Number((ulong)classId)));
        var priorities = network.Priorities ?? [];
        for (var i = 0; i < priorities.Count; i++)
        {
            var field = $"{Field}.priorities[{i}]";
            var entry = priorities[i];
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } ifname
                || !entry.TryGetProperty("priority", out var prio) || !prio.TryGetUInt32(out var priority))
                throw new SysException(SysError.Plain($"{field}: needs a \"name\" (an interface) and a \"priority\" (0 or more)"));
            if (ifname.Any(c => c is ' ' or '\n' or '/'))
                throw new SysException(SysError.Plain($"{field}.name: \"{ifname}\" is not an interface name"));
            writes.Add(new(field, "net_prio.ifpriomap", $"{ifname} {V1ResourceFiles.Number((ulong)priority)}"));
        }
    }
}
