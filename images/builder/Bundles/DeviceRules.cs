using System.Text.Json.Nodes;
using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>
/// <c>devices</c> as LinuxKit turns them into a spec: each node goes to linux.devices; <c>path: all</c> becomes an
/// <c>rwm</c> allow rule for every device of its type in linux.resources.devices. The allow rule of each node is
/// the shim's to add (it does for every bundle, as runc does: a node in linux.devices is usable), so it is not
/// written here; linux.resources.devices is made (empty if need be) so that the shim builds a device filter.
/// </summary>
internal static class DeviceRules
{
    public static List<Device>? Apply(List<DeviceSpec>? devices, JsonObject resources)
    {
        if (devices is null || devices.Count == 0) return null;
        var nodes = new List<Device>();
        if (resources["devices"] is not JsonArray rules) resources["devices"] = rules = [];
        foreach (var d in devices)
        {
            if (d.IsAll) rules.Add(new JsonObject { ["allow"] = true, ["type"] = d.Type, ["access"] = "rwm" });
            else nodes.Add(new Device { Path = d.Path, Type = d.Type, Major = d.Major, Minor = d.Minor, FileMode = d.Mode });
        }
        return nodes.Count == 0 ? null : nodes;
    }
}
