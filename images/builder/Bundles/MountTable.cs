using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>
/// A container's mounts, LinuxKit's way: the defaults (ours, or LinuxKit's for a LinuxKit package), then <c>tmpfs</c>, then <c>binds</c>, then <c>mounts</c>,
/// each replacing an earlier one with the same destination; the result is sorted by destination so /dev comes
/// before /dev/pts. Binds are <c>rw,rbind,rshared</c> unless options are given (then those plus <c>rbind</c>).
/// A bind or mount source that is not absolute names a volume: its directory, and a read-only volume must be
/// bound <c>ro</c>.
/// </summary>
internal static class MountTable
{
    public static List<Mount> Build(ContainerDefinition d, IReadOnlyDictionary<string, VolumeDefinition> volumes, bool linuxKitDefaults = false)
    {
        var table = new Dictionary<string, Mount>(StringComparer.Ordinal);
        var defaults = linuxKitDefaults ? LinuxKitDefaults.Mounts(d.Readonly ?? false) : RuntimeDefaults.Mounts();
        foreach (var m in defaults) table[m.Destination] = m;
        foreach (var t in d.Tmpfs ?? [])
            table[t.Destination] = new Mount { Destination = t.Destination, Type = "tmpfs", Source = "tmpfs", Options = t.Options.Count == 0 ? null : [.. t.Options] };
        foreach (var b in d.Binds ?? [])
        {
            List<string> options = b.Options.Count == 0 ? ["rw", "rbind", "rshared"] : [.. b.Options, "rbind"];
            var source = b.IsVolume ? VolumePath(b.Source, options, b.At, volumes) : b.Source;
            table[b.Destination] = new Mount { Destination = b.Destination, Type = "bind", Source = source, Options = options };
        }
        foreach (var m in d.Mounts ?? [])
        {
            var source = m.IsVolumeBind ? VolumePath(m.Source, m.Options, m.At, volumes) : m.Source;
            table[m.Destination] = new Mount { Destination = m.Destination, Type = m.Type, Source = source, Options = m.Options.Count == 0 ? null : [.. m.Options] };
        }
        return table.Values.OrderBy(m => m.Destination, StringComparer.Ordinal).ToList();
    }

    private static string VolumePath(string name, IReadOnlyList<string> options, YamlCursor at, IReadOnlyDictionary<string, VolumeDefinition> volumes)
    {
        if (!volumes.TryGetValue(name, out var volume))
            throw at.Fail($"no volume named \"{name}\" (volumes: {(volumes.Count == 0 ? "none" : string.Join(", ", volumes.Keys))})");
        var readOnly = options.FirstOrDefault(o => o is "ro" or "rw") == "ro";
        if (volume.Readonly && !readOnly)
            throw at.Fail($"volume \"{name}\" is read-only: bind it with the option ro");
        return volume.MergedPath;
    }
}
