using System.Text.Json;
using Linux;

namespace Shim.Config;

/// <summary>A bundle's config.json, read and checked before anything is created. Every error names
/// the field (<c>mounts[2].options[1]</c>) or the JSON path and line the parser stopped at.</summary>
internal sealed record ContainerConfig(
    string Bundle,
    string RootfsPath,
    Oci.Spec Spec,
    Oci.Process Process,
    NamespaceSet Namespaces,
    IReadOnlyList<MountOptions> MountOptions,
    CapabilitySets? Capabilities,
    bool WritableLayer)
{
    public const string WritableLayerAnnotation = "org.cinit.writable-layer";

    public static ContainerConfig Load(string bundle)
    {
        var path = Path.Combine(bundle, "config.json");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"read {path}", ExceptionErrno.Of(e)));
        }
        Oci.Spec spec;
        try
        {
            spec = Oci.OciJson.Parse(bytes);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"{path}:{line + 1}:{e.BytePositionInLine + 1}" : path;
            var what = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "not valid JSON" : $"{e.Path[2..]}: not a valid value for this field";
            throw new SysException(SysError.Plain($"{where}: {what}"));
        }
        try
        {
            return FromSpec(bundle, spec);
        }
        catch (SysException e)
        {
            throw new SysException(e.Error.Wrap(path));
        }
    }

    public static ContainerConfig FromSpec(string bundle, Oci.Spec spec)
    {
        var process = spec.Process ?? throw new SysException(SysError.Plain("process: missing"));
        if (process.Args is not { Count: > 0 } || string.IsNullOrEmpty(process.Args[0]))
            throw new SysException(SysError.Plain("process.args: must name the command to run"));
        if (!process.Cwd.StartsWith('/'))
            throw new SysException(SysError.Plain($"process.cwd: \"{process.Cwd}\" is not an absolute path"));
        var root = spec.Root ?? throw new SysException(SysError.Plain("root: missing"));
        var rootfs = Path.GetFullPath(root.Path, bundle);
        if (!Directory.Exists(rootfs))
            throw new SysException(SysError.Plain($"root.path: {rootfs} is not a directory"));
        var mounts = spec.Mounts ?? [];
        var options = new List<MountOptions>(mounts.Count);
        for (var i = 0; i < mounts.Count; i++)
        {
            if (!mounts[i].Destination.StartsWith('/'))
                throw new SysException(SysError.Plain($"mounts[{i}].destination: \"{mounts[i].Destination}\" is not an absolute path"));
            options.Add(Config.MountOptions.Parse(mounts[i].Options, i, mounts[i].Type));
        }
        var caps = process.Capabilities is { } c ? CapabilitySets.Parse(c) : null;
        var writable = spec.Annotations?.TryGetValue(WritableLayerAnnotation, out var w) == true && w == "true";
        return new ContainerConfig(bundle, rootfs, spec, process, NamespaceSet.Parse(spec.Linux?.Namespaces), options, caps, writable);
    }
}
