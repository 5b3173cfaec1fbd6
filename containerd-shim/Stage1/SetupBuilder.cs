using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Protocol;

namespace Shim.Stage1;

/// <summary>
/// Turns a checked <see cref="ContainerConfig"/> into the <see cref="ContainerSetup"/> stage 2 gets: every
/// decision that needs the config's words or the host's view (a relative bind source, which namespaces
/// stage 2 joins, what a cgroup mount shows, whether /dev gets default nodes, whether to pause for hooks)
/// is made here, so stage 2 only acts.
/// </summary>
internal static class SetupBuilder
{
    private const string HostCgroupMount = "/sys/fs/cgroup";

    /// <summary>What stage 2 needs beyond the config: how it was started.</summary>
    public sealed record Launch(string Id, int PreserveFds, bool Detached, string? ConsoleSocket, int ExecTargetPid);

    public static ContainerSetup From(ContainerConfig config, Launch launch)
    {
        var spec = config.Spec;
        var linux = spec.Linux;
        var process = config.Process;
        var hooks = spec.Hooks;
        var mounts = spec.Mounts ?? [];
        var entries = new List<MountEntry>(mounts.Count);
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            var options = config.MountOptions[i];
            // A bind's relative source is the bundle's; stage 2 no longer knows the bundle.
            var source = options.IsBind && m.Source is { } s ? Path.GetFullPath(s, config.Bundle) : m.Source;
            entries.Add(new MountEntry(m.Destination, m.Type ?? "none", source, options));
        }
        return new ContainerSetup
        {
            Id = launch.Id,
            PreserveFds = launch.PreserveFds,
            Detached = launch.Detached,
            ConsoleSocket = launch.ConsoleSocket,
            ExecTargetPid = launch.ExecTargetPid,
            OwnMountNamespace = config.Namespaces.Has(Sched.CLONE_NEWNS),
            UnshareCgroupNamespace = ContainerCgroup.DefersCgroupNamespace(config),
            // pid was joined by stage 1's launcher thread, user by its C child.
            Joins = [.. config.Namespaces.Joins.Where(j => j.Flag is not (Sched.CLONE_NEWPID or Sched.CLONE_NEWUSER)).Select(j => new NamespaceJoin(j.Flag, j.Path))],
            Rootfs = config.RootfsPath,
            WritableLayer = config.WritableLayer,
            RootfsPropagation = config.RootfsPropagation,
            RootfsPropagationName = string.IsNullOrEmpty(linux?.RootfsPropagation) ? null : linux.RootfsPropagation,
            ReadonlyRoot = spec.Root?.Readonly == true,
            Mounts = entries,
            Cgroup = launch.ExecTargetPid == 0 && entries.Any(m => m.Type == "cgroup") ? CgroupViewFor(config, launch.Id) : CgroupView.None,
            DefaultDevices = mounts.Any(m => m.Destination.TrimEnd('/') == "/dev" && m.Type == "tmpfs"),
            Devices = [.. (linux?.Devices ?? []).Select(Node)],
            PauseForHooks = hooks?.Prestart is { Count: > 0 } || hooks?.CreateRuntime is { Count: > 0 } || hooks?.CreateContainer is { Count: > 0 },
            CreateContainerHooks = hooks?.CreateContainer ?? [],
            StartContainerHooks = hooks?.StartContainer ?? [],
            Sysctls = [.. (linux?.Sysctl ?? []).Select(kv => (kv.Key, kv.Value))],
            OomScoreAdj = process.OomScoreAdj,
            Hostname = spec.Hostname is { Length: > 0 } host ? host : null,
            Domainname = spec.Domainname is { Length: > 0 } domain ? domain : null,
            MaskedPaths = linux?.MaskedPaths ?? [],
            ReadonlyPaths = linux?.ReadonlyPaths ?? [],
            Terminal = process.Terminal == true,
            Args = process.Args ?? [],
            Env = process.Env ?? [],
            Cwd = process.Cwd,
            Uid = process.User.Uid,
            Gid = process.User.Gid,
            AdditionalGids = process.User.AdditionalGids ?? [],
            Umask = process.User.Umask ?? 0x12,
            Rlimits = [.. (process.Rlimits ?? []).Select(r => new RlimitSetting(Resource.FromName(r.Type), r.Type, r.Soft, r.Hard))],
            Capabilities = config.Capabilities ?? new CapabilitySets(0, 0, 0, 0, 0),
            NoNewPrivileges = process.NoNewPrivileges == true,
            Seccomp = config.Seccomp,
        };
    }

    private static DeviceNode Node(Oci.Device d)
    {
        var kind = d.Type switch { "b" => Stat.S_IFBLK, "p" => Stat.S_IFIFO, _ => Stat.S_IFCHR }; // checked in the config
        return new DeviceNode(d.Path, kind | (d.FileMode ?? 0x1b6), (uint)d.Major, (uint)d.Minor, d.Uid, d.Gid);
    }

    /// <summary>
    /// What a cgroup entry of mounts[] shows (Stage2/CgroupMount): on v1 a bind per hierarchy mounted
    /// under the host's /sys/fs/cgroup of the container's own directory there (the cgroup stage 2 runs in:
    /// the container's, or ours when it has none) and the host's links (cpu -> cpu,cpuacct); on v2 a
    /// cgroup2 mount with a cgroup namespace, the host's tree without one.
    /// </summary>
    private static CgroupView CgroupViewFor(ContainerConfig config, string id)
    {
        switch (HostCgroups.Layout)
        {
            case CgroupLayout.Legacy:
                var directories = config.Cgroup is { Layout: CgroupLayout.Legacy } request
                    ? V1Paths.DirectoriesFor(request, id, HostCgroups.Hierarchies)
                    : V1Paths.OfSelf(HostCgroups.Hierarchies);
                var binds = new List<(string, string)>();
                foreach (var (hierarchy, directory) in directories)
                {
                    if (!hierarchy.MountPoint.StartsWith(HostCgroupMount + "/", StringComparison.Ordinal)) continue;
                    var name = hierarchy.MountPoint[(HostCgroupMount.Length + 1)..];
                    if (!name.Contains('/')) binds.Add((name, directory));
                }
                var links = new List<(string, string)>();
                foreach (var entry in new DirectoryInfo(HostCgroupMount).EnumerateFileSystemInfos())
                    if (entry.LinkTarget is { } target && !target.Contains('/')) links.Add((entry.Name, target));
                return new CgroupView(CgroupViewKind.Legacy, binds, links);
            case CgroupLayout.Unified when (config.Namespaces.UnshareFlags & Sched.CLONE_NEWCGROUP) != 0:
                return new CgroupView(CgroupViewKind.Cgroup2, [], []);
            default:
                return CgroupView.None;
        }
    }
}
