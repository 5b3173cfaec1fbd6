using System.Text.RegularExpressions;
using Builder.Bundles;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>Reads one container entry, or an image's <c>org.mobyproject.config</c> label; each key LinuxKit's
/// schema allows here is one line (its <c>image</c> definition), then ours for supervision.</summary>
internal static partial class ContainerReader
{
    public const string LabelName = "org.mobyproject.config";

    private static readonly MappingSchema<ContainerDefinition> Schema = new MappingSchema<ContainerDefinition>()
        .Key("name", (c, d) => (d.Name, d.NameAt) = (Name(c), c))
        .Key("image", (c, d) => d.Image = ImageReference.Read(c))
        .Key("capabilities", (c, d) => d.Capabilities = CapabilityNames.Read(c))
        .Key("capabilities.add", (c, d) => d.CapabilitiesAdd = CapabilityNames.Read(c))
        .Key("ambient", (c, d) => d.Ambient = CapabilityNames.Read(c))
        .Key("mounts", (c, d) => d.Mounts = c.Items().Select(MountSpec.Read).ToList())
        .Key("binds", (c, d) => d.Binds = c.Items().Select(BindSpec.Read).ToList())
        .Key("binds.add", (c, d) => d.BindsAdd = c.Items().Select(BindSpec.Read).ToList())
        .Key("devices", (c, d) => d.Devices = c.Items().Select(DeviceSpec.Read).ToList())
        .Key("tmpfs", (c, d) => d.Tmpfs = c.Items().Select(MountSpec.ReadTmpfs).ToList())
        .Key("command", (c, d) => d.Command = c.StringList())
        .Key("env", (c, d) => d.Env = c.Items().Select(EnvEntry).ToList())
        .Key("cwd", (c, d) => d.Cwd = AbsolutePath(c))
        .Key("net", (c, d) => d.Net = NamespaceSetting.Read(c, allowNone: true))
        .Key("pid", (c, d) => d.Pid = NamespaceSetting.Read(c))
        .Key("ipc", (c, d) => d.Ipc = NamespaceSetting.Read(c))
        .Key("uts", (c, d) => d.Uts = NamespaceSetting.Read(c))
        .Key("userns", (c, d) => d.Userns = NamespaceSetting.Read(c))
        .Key("readonly", (c, d) => d.Readonly = c.Bool())
        .Key("maskedPaths", (c, d) => d.MaskedPaths = c.Items().Select(AbsolutePath).ToList())
        .Key("readonlyPaths", (c, d) => d.ReadonlyPaths = c.Items().Select(AbsolutePath).ToList())
        .Key("uid", (c, d) => d.Uid = IdValue.Read(c))
        .Key("gid", (c, d) => d.Gid = IdValue.Read(c))
        .Key("additionalGids", (c, d) => d.AdditionalGids = c.Items().Select(IdValue.Read).ToList())
        .Key("noNewPrivileges", (c, d) => d.NoNewPrivileges = c.Bool())
        .Key("hostname", (c, d) => d.Hostname = c.String())
        .Key("oomScoreAdj", (c, d) => d.OomScoreAdj = OomScoreAdj(c))
        .Key("rootfsPropagation", (c, d) => d.RootfsPropagation = c.OneOf([.. Oci.MountOptionTable.Propagations.Keys]))
        .Key("cgroupsPath", (c, d) => d.CgroupsPath = c.String())
        .Key("resources", (c, d) => d.Resources = ResourcesReader.Read(c))
        .Key("sysctl", (c, d) => d.Sysctl = c.StringMap())
        .Key("rlimits", (c, d) => d.Rlimits = c.Items().Select(RlimitSpec.Read).ToList())
        .Key("uidMappings", (c, d) => d.UidMappings = IdMappingReader.ReadAll(c))
        .Key("gidMappings", (c, d) => d.GidMappings = IdMappingReader.ReadAll(c))
        .Key("annotations", (c, d) => d.Annotations = c.StringMap())
        .Key("runtime", (c, d) => d.Runtime = RuntimeDefinition.Read(c))
        .Key("restart", (c, d) => (d.Restart, d.RestartAt) = (c.OneOf(Oci.InitPolicyChoices.Restart), c))
        .Key("restartDelay", (c, d) => d.RestartDelayMs = DurationReader.Read(c))
        .Key("restartMaxDelay", (c, d) => d.RestartMaxDelayMs = DurationReader.Read(c))
        .Key("restartLimit", (c, d) => d.RestartLimit = (int)Math.Min(c.UInt(), int.MaxValue))
        .Key("restartWindow", (c, d) => d.RestartWindowMs = DurationReader.Read(c))
        .Key("stopSignal", (c, d) => d.StopSignal = StopSignalReader.Read(c))
        .Key("stopTimeout", (c, d) => d.StopTimeoutMs = DurationReader.Read(c))
        .Key("after", (c, d) => (d.After, d.AfterAt) = (c.Items().Select(i => (i.String(), i)).ToList(), c))
        .Key("readiness", (c, d) => (d.Readiness, d.ReadinessAt) = (c.OneOf(Oci.InitPolicyChoices.Readiness), c))
        .Key("timeout", (c, d) => (d.TimeoutMs, d.TimeoutAt) = (DurationReader.Read(c), c))
        .Key("onFailure", (c, d) => (d.OnFailure, d.OnFailureAt) = (c.OneOf(Oci.InitPolicyChoices.OnFailure), c));

    public static ContainerDefinition Read(YamlCursor c)
    {
        var d = Schema.Read(c, new ContainerDefinition(c));
        if (d.NameAt is null) throw c.Fail("missing required key \"name\"");
        return d.Image is not null ? d : throw c.Fail("missing required key \"image\"");
    }

    /// <summary>An image's label (JSON, which is YAML) read with the same schema; <c>name</c> and <c>image</c>
    /// are not allowed there. Errors point into the label: <c>image X: label org.mobyproject.config:1:17: ...</c>.</summary>
    public static ContainerDefinition? ReadLabel(string? text, string image)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var file = $"image {image}: label {LabelName}";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new BuildFailure($"{file}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }
        return ReadLabel(new YamlCursor(stream.Documents[0].RootNode, file, ""));
    }

    /// <summary>A label's mapping, wherever it was written (a package recipe's <c>config:</c> too).</summary>
    public static ContainerDefinition ReadLabel(YamlCursor root)
    {
        var d = Schema.Read(root, new ContainerDefinition(root));
        if (d.NameAt is not null) throw d.NameAt.Fail("name cannot be set in a label");
        if ((d.AfterAt ?? d.ReadinessAt ?? d.TimeoutAt ?? d.OnFailureAt) is { } placed)
            throw placed.Fail("after, readiness, timeout and onFailure belong in the YAML, not in an image's label");
        return d.Image is null ? d : throw d.Image.At.Fail("image cannot be set in a label");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex NamePattern();

    private static string Name(YamlCursor c)
    {
        var name = c.String();
        return NamePattern().IsMatch(name) ? name : throw c.Fail($"invalid name \"{name}\": expected [a-z0-9][a-z0-9_.-]*");
    }

    private static string EnvEntry(YamlCursor c)
    {
        var entry = c.String();
        return entry.IndexOf('=') > 0 ? entry : throw c.Fail($"expected \"KEY=value\", found \"{entry}\"");
    }

    private static string AbsolutePath(YamlCursor c)
    {
        var path = c.String();
        return path.StartsWith('/') ? path : throw c.Fail($"expected an absolute path, found \"{path}\"");
    }

    private static int OomScoreAdj(YamlCursor c)
    {
        var n = c.Long();
        return n is >= -1000 and <= 1000 ? (int)n : throw c.Fail($"expected a number from -1000 to 1000, found {n}");
    }
}
