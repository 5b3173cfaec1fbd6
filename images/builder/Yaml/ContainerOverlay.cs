namespace Builder.Yaml;

/// <summary>
/// LinuxKit's precedence for a container: the YAML entry over its image's <c>org.mobyproject.config</c> label,
/// key by key. Two keys add instead: <c>capabilities.add</c> and <c>binds.add</c> append to the label's list
/// (a YAML <c>capabilities</c>/<c>binds</c> still replaces it all). The image config's own Entrypoint, Cmd, Env,
/// WorkingDir and User come below both (<see cref="Bundles.ContainerSpecFactory"/>).
/// </summary>
internal static class ContainerOverlay
{
    public static ContainerDefinition Apply(ContainerDefinition? label, ContainerDefinition yaml)
    {
        if (label is null && yaml.CapabilitiesAdd is null && yaml.BindsAdd is null) return yaml;
        label ??= new ContainerDefinition(yaml.At);
        var d = new ContainerDefinition(yaml.At)
        {
            Name = yaml.Name, NameAt = yaml.NameAt, Image = yaml.Image,
            Capabilities = yaml.Capabilities ?? Append(label.Capabilities, yaml.CapabilitiesAdd)?.Distinct().ToList(),
            Binds = yaml.Binds ?? Append(label.Binds, yaml.BindsAdd),
            Ambient = yaml.Ambient ?? label.Ambient,
            Mounts = yaml.Mounts ?? label.Mounts,
            Devices = yaml.Devices ?? label.Devices,
            Tmpfs = yaml.Tmpfs ?? label.Tmpfs,
            Command = yaml.Command ?? label.Command,
            Env = yaml.Env ?? label.Env,
            Cwd = yaml.Cwd ?? label.Cwd,
            Net = yaml.Net ?? label.Net, Pid = yaml.Pid ?? label.Pid, Ipc = yaml.Ipc ?? label.Ipc,
            Uts = yaml.Uts ?? label.Uts, Userns = yaml.Userns ?? label.Userns,
            Hostname = yaml.Hostname ?? label.Hostname,
            Readonly = yaml.Readonly ?? label.Readonly,
            MaskedPaths = yaml.MaskedPaths ?? label.MaskedPaths,
            ReadonlyPaths = yaml.ReadonlyPaths ?? label.ReadonlyPaths,
            Uid = yaml.Uid ?? label.Uid, Gid = yaml.Gid ?? label.Gid,
            AdditionalGids = yaml.AdditionalGids ?? label.AdditionalGids,
            NoNewPrivileges = yaml.NoNewPrivileges ?? label.NoNewPrivileges,
            OomScoreAdj = yaml.OomScoreAdj ?? label.OomScoreAdj,
            RootfsPropagation = yaml.RootfsPropagation ?? label.RootfsPropagation,
            CgroupsPath = yaml.CgroupsPath ?? label.CgroupsPath,
            Resources = yaml.Resources ?? label.Resources,
            Sysctl = yaml.Sysctl ?? label.Sysctl,
            Rlimits = yaml.Rlimits ?? label.Rlimits,
            UidMappings = yaml.UidMappings ?? label.UidMappings,
            GidMappings = yaml.GidMappings ?? label.GidMappings,
            Annotations = yaml.Annotations ?? label.Annotations,
            Runtime = RuntimeDefinition.Overlay(label.Runtime, yaml.Runtime),
        };
        CopySupervision(label, yaml, d);
        return d;
    }

    private static List<T>? Append<T>(List<T>? first, List<T>? then) =>
        first is null && then is null ? null : [.. first ?? [], .. then ?? []];

    private static void CopySupervision(ContainerDefinition label, ContainerDefinition yaml, ContainerDefinition d)
    {
        (d.Restart, d.RestartAt) = yaml.Restart is not null ? (yaml.Restart, yaml.RestartAt) : (label.Restart, label.RestartAt);
        d.RestartDelayMs = yaml.RestartDelayMs ?? label.RestartDelayMs;
        d.RestartMaxDelayMs = yaml.RestartMaxDelayMs ?? label.RestartMaxDelayMs;
        d.RestartLimit = yaml.RestartLimit ?? label.RestartLimit;
        d.RestartWindowMs = yaml.RestartWindowMs ?? label.RestartWindowMs;
        d.StopSignal = yaml.StopSignal ?? label.StopSignal;
        d.StopTimeoutMs = yaml.StopTimeoutMs ?? label.StopTimeoutMs;
        // after, readiness, timeout and onFailure are about this image's place in this YAML: never from a label.
        (d.After, d.AfterAt) = (yaml.After, yaml.AfterAt);
        (d.Readiness, d.ReadinessAt) = (yaml.Readiness, yaml.ReadinessAt);
        (d.TimeoutMs, d.TimeoutAt) = (yaml.TimeoutMs, yaml.TimeoutAt);
        (d.OnFailure, d.OnFailureAt) = (yaml.OnFailure, yaml.OnFailureAt);
    }
}
