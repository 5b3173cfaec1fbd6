using System.Text.RegularExpressions;
using Builder.Bundles;

namespace Builder.Yaml;

/// <summary>Reads one container entry; each key LinuxKit's YAML allows here is one line of the schema.</summary>
internal static partial class ContainerReader
{
    private static readonly MappingSchema<ContainerDefinition> Schema = new MappingSchema<ContainerDefinition>()
        .Key("name", (c, d) => (d.Name, d.NameAt) = (Name(c), c))
        .Key("image", (c, d) => d.Image = ImageReference.Read(c))
        .Key("command", (c, d) => d.Command = c.StringList())
        .Key("env", (c, d) => d.Env = c.Items().Select(EnvEntry).ToList())
        .Key("cwd", (c, d) => d.Cwd = AbsolutePath(c))
        .Key("binds", (c, d) => d.Binds = c.Items().Select(BindSpec.Read).ToList())
        .Key("capabilities", (c, d) => d.Capabilities = CapabilityNames.Read(c))
        .Key("readonly", (c, d) => d.Readonly = c.Bool())
        .Key("net", (c, d) => d.Net = NamespaceModeReader.Read(c))
        .Key("pid", (c, d) => d.Pid = NamespaceModeReader.Read(c))
        .Key("ipc", (c, d) => d.Ipc = NamespaceModeReader.Read(c))
        .Key("uts", (c, d) => d.Uts = NamespaceModeReader.Read(c))
        .Key("hostname", (c, d) => d.Hostname = c.String())
        .Key("uid", (c, d) => d.Uid = c.UInt())
        .Key("gid", (c, d) => d.Gid = c.UInt())
        .Key("restart", (c, d) => (d.Restart, d.RestartAt) = (c.OneOf("always", "on-failure", "never"), c))
        .Key("restartDelay", (c, d) => d.RestartDelayMs = DurationReader.Read(c))
        .Key("restartMaxDelay", (c, d) => d.RestartMaxDelayMs = DurationReader.Read(c))
        .Key("restartLimit", (c, d) => d.RestartLimit = (int)Math.Min(c.UInt(), int.MaxValue))
        .Key("restartWindow", (c, d) => d.RestartWindowMs = DurationReader.Read(c))
        .Key("stopSignal", (c, d) => d.StopSignal = StopSignalReader.Read(c))
        .Key("stopTimeout", (c, d) => d.StopTimeoutMs = DurationReader.Read(c))
        .Key("after", (c, d) => (d.After, d.AfterAt) = (c.Items().Select(i => (i.String(), i)).ToList(), c))
        .Key("readiness", (c, d) => (d.Readiness, d.ReadinessAt) = (c.OneOf("none", "fd"), c))
        .Key("timeout", (c, d) => (d.TimeoutMs, d.TimeoutAt) = (DurationReader.Read(c), c))
        .Key("onFailure", (c, d) => (d.OnFailure, d.OnFailureAt) = (c.OneOf("continue", "poweroff", "shell"), c))
        .Required("name", "image");

    public static ContainerDefinition Read(YamlCursor c) => Schema.Read(c, new ContainerDefinition(c));

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
}
