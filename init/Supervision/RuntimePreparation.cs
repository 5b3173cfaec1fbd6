using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Pid1.Supervision;

/// <summary>
/// LinuxKit's <c>runtime:</c> section as the builder normalised it into the policy (lib/Oci InitPolicyRuntime):
/// on the host side, once per bundle before its first start, mounts, then directories, then cgroups, in
/// LinuxKit's order. Once, because the results outlive the container: a restarted service must not stack a
/// second mount on the first. A failure fails that container's start with the step that failed and why.
/// </summary>
internal sealed class RuntimePreparation
{
    private const string CgroupRoot = Boot.Cgroup2Mount.Target;
    private readonly HashSet<string> _prepared = new(StringComparer.Ordinal);

    /// <summary>Null when there was nothing to do, it is done, or it was done before.</summary>
    public SysError? PrepareOnce(ContainerBundle bundle, Serilog.ILogger log)
    {
        if (_prepared.Contains(bundle.Dir)) return null;
        var policy = bundle.LoadPolicy(out _);
        if (policy.Runtime is not { } runtime)
        {
            _prepared.Add(bundle.Dir);
            return null;
        }
        var error = Apply(runtime);
        if (error is not null) return error.Wrap("runtime");
        _prepared.Add(bundle.Dir);
        log.Information("{Name}: runtime: {Mounts} mounts, {Dirs} directories, {Cgroups} cgroups made",
            bundle.Name, runtime.Mounts.Count, runtime.Mkdir.Count, runtime.Cgroups.Count);
        return null;
    }

    internal static SysError? Apply(Oci.InitPolicyRuntime runtime)
    {
        foreach (var m in runtime.Mounts)
            if (MountOne(m) is { } error) return error;
        foreach (var dir in runtime.Mkdir)
            if (MakeDirectories(dir) is { } error) return error;
        var v2 = File.Exists($"{CgroupRoot}/cgroup.controllers");
        foreach (var cgroup in runtime.Cgroups)
        {
            // cgroup v2 is one tree; on v1 LinuxKit makes the group under every controller's hierarchy.
            var roots = v2 ? [CgroupRoot] : Directory.Exists(CgroupRoot) ? Directory.GetDirectories(CgroupRoot) : [];
            foreach (var root in roots)
                if (MakeDirectories($"{root}/{cgroup}") is { } error) return error.Wrap($"cgroup {cgroup}");
        }
        return null;
    }

    private static SysError? MountOne(Oci.InitPolicyMount m)
    {
        foreach (var dir in m.Mkdir.Prepend(m.Target))
            if (MakeDirectories(dir) is { } error) return error;
        var what = $"mount {m.Type} {m.Source} on {m.Target}";
        var call = new Oci.MountArguments(m.Flags, m.Propagation, m.Data);
        if (Mount.mount(m.Source, m.Target, m.Type, call.FirstCallFlags, m.Data.Length == 0 ? null : m.Data) < 0) return SysError.Last(what);
        foreach (var flags in call.FollowUpCalls())
            if (Mount.mount(null, m.Target, null, flags, null) < 0)
                return SysError.Last((flags & MS_REMOUNT) != 0 ? $"{what}: remount with flags 0x{call.RemountFlags:x}" : $"{what}: set propagation 0x{flags:x}");
        return null;
    }

    /// <summary>mkdir -p with mode 0755; what exists already is fine.</summary>
    internal static SysError? MakeDirectories(string path)
    {
        var current = "";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            if (Stat.mkdir(current, 0x1ED) < 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {current}");
        }
        return null;
    }
}
