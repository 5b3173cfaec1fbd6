using Linux;
using Shim.Cgroups;
using Shim.Config;

namespace Shim.Runtime;

/// <summary>
/// The cgroup a created or running container is in, for <c>pause</c>, <c>resume</c>, <c>update</c>
/// and <c>events</c>: on v2 its one directory, on v1 its directory in each hierarchy as
/// <c>/proc/PID/cgroup</c> of its first process names them. Null when the container has no cgroup of
/// its own (its config asked for none): freezing or limiting would then hit the runtime's own.
/// </summary>
internal sealed record RunningCgroup(ContainerConfig Config, string? Unified, IReadOnlyList<(V1Hierarchy Hierarchy, string Directory)> Legacy)
{
    public static RunningCgroup? Find(CommandLine command, ContainerRecord record, out SysError? error)
    {
        error = null;
        ContainerConfig config;
        try
        {
            config = ContainerConfig.Load(new StateDirectory(command.Root).DirOf(command.Id));
        }
        catch (SysException e)
        {
            error = e.Error.Wrap("saved config");
            return null;
        }
        if (config.Cgroup is not { } request)
        {
            error = SysError.Plain("the container has no cgroup of its own (its config has neither linux.cgroupsPath nor linux.resources)");
            return null;
        }
        if (request.Layout == CgroupLayout.Legacy)
            return new RunningCgroup(config, null, V1Paths.OfProcess(record.Pid, HostCgroups.Hierarchies));
        return new RunningCgroup(config, ContainerCgroup.DirectoryOf(config, command.Id), []);
    }

    /// <summary>The directory holding <paramref name="controller"/>'s files, or null when it is not
    /// mounted (v1) — the v2 directory holds them all.</summary>
    public string? DirectoryFor(string controller) =>
        Unified ?? Legacy.Where(g => g.Hierarchy.Has(controller)).Select(g => g.Directory).FirstOrDefault();
}
