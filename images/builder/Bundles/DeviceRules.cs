using System.Text.Json.Nodes;
using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>
/// <c>devices</c> as LinuxKit turns them into a spec: each node goes to linux.devices and gets an allow rule
/// (<c>rwm</c>) in linux.resources.devices, so the device cgroup lets the container use it; <c>path: all</c>
/// only allows every device of its type.
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
            var rule = new JsonObject { ["allow"] = true, ["type"] = d.Type };
            if (!d.IsAll)
            {
                nodes.Add(new Device { Path = d.Path, Type = d.Type, Major = d.Major, Minor = d.Minor, FileMode = d.Mode });
                rule["major"] = d.Major;
                rule["minor"] = d.Minor;
            }
            rule["access"] = "rwm";
            rules.Add(rule);
        }
        return nodes.Count == 0 ? null : nodes;
    }
}
