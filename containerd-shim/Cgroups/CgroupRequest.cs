using System.Text.Json;
using Linux;
using Shim.Cgroups.Model;

namespace Shim.Cgroups;

/// <summary>
/// What a bundle asks of cgroups, read and checked with the rest of config.json: the path
/// (<c>linux.cgroupsPath</c>, or /containers/ID when only resources are given), the files to write
/// and the device rules. Null from <see cref="From"/> when the bundle has neither a path nor resources.
/// </summary>
internal sealed record CgroupRequest(string? Path, IReadOnlyList<CgroupWrite> Writes, IReadOnlyList<DeviceAccessRule>? Devices, bool AsksForResources)
{
    /// <summary>The layout <see cref="Writes"/> are for: cgroup v2 files unless the host is v1.</summary>
    public CgroupLayout Layout { get; init; } = CgroupLayout.Unified;

    /// <summary>cgroupsPath was relative: on v1 it starts at our own cgroup of each hierarchy (runc's
    /// rule); on v2 it is taken from the root like an absolute one.</summary>
    public bool Relative { get; init; }

    public const string DefaultParent = Oci.ImagePaths.CgroupParent;

    /// <summary>The cgroup's path below the cgroup2 mount, always starting with '/'.</summary>
    public string PathFor(string id) => Path ?? $"{DefaultParent}/{id}";

    /// <summary>The request for this host's layout (looked at only when the bundle asks for a cgroup).</summary>
    public static CgroupRequest? From(Oci.Spec spec) => From(spec, () => HostCgroups.Layout);

    public static CgroupRequest? From(Oci.Spec spec, Func<CgroupLayout> layoutOfHost)
    {
        var path = CheckPath(spec.Linux?.CgroupsPath);
        var resources = Parse(spec.Linux?.Resources);
        var asks = resources is not null && ResourceFiles.AsksForAny(resources);
        if (path is null && !asks) return null;
        var layout = layoutOfHost();
        var devices = DeviceRules.For(resources, spec.Linux?.Devices);
        var writes = resources is null ? [] : layout == CgroupLayout.Legacy ? V1ResourceFiles.For(resources, devices) : ResourceFiles.For(resources);
        return new CgroupRequest(path, writes, devices, asks) { Layout = layout, Relative = path is not null && !spec.Linux!.CgroupsPath!.StartsWith('/') };
    }

    private static Resources? Parse(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } json) return null;
        try
        {
            return ResourcesReader.Read(json);
        }
        catch (Config.JsonShapeException)
        {
            // Not a shape the model takes: the deserializer reads it again for the error naming the field.
        }
        catch (InvalidOperationException)
        {
            // A string that is not UTF-8 (found by tests/Unit.Fuzz): the deserializer names its field too.
        }
        try
        {
            return json.Deserialize(ResourcesJson.Default.Resources);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path[1..];
            throw new SysException(SysError.Plain($"linux.resources{field}: unknown field, or not a valid value for it"));
        }
    }

    /// <summary>The one rule (<see cref="Oci.CgroupsPath"/>); a refused path stops the container setup.</summary>
    private static string? CheckPath(string? path)
    {
        var normalized = Oci.CgroupsPath.Normalize(path, out var refusal);
        if (refusal != Oci.CgroupsPath.Refusal.None) throw new SysException(SysError.Plain(Oci.CgroupsPath.Describe(path!, refusal)));
        return normalized;
    }
}
