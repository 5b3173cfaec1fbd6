using Linux;
using Linux.Native;
using Shim.Config;

namespace Shim.Cgroups;

/// <summary>
/// The container's cgroup, made by stage 1 before stage 2 exists: the directory (parents as needed),
/// the controllers enabled in every parent's cgroup.subtree_control, the resource files and the
/// device filter. Stage 2 joins it (<see cref="CgroupJoin"/>) before it execs; stage 1 removes it
/// when the container is gone (<see cref="Remove"/>). Only a cgroup this shim created is removed:
/// joining an existing one (two bundles with one cgroupsPath) leaves it to whoever made it.
/// </summary>
internal sealed class ContainerCgroup
{
    private readonly V1ContainerCgroup? legacy;

    private ContainerCgroup(string directory, bool created)
    {
        Directory = directory;
        Created = created;
    }

    private ContainerCgroup(V1ContainerCgroup legacy)
    {
        this.legacy = legacy;
        Directory = legacy.Groups.Count > 0 ? legacy.Groups[0].Directory : "";
    }

    /// <summary>The cgroup's directory on the host, e.g. /sys/fs/cgroup/containers/web (on v1, the
    /// first hierarchy's).</summary>
    public string Directory { get; }

    public bool Created { get; }

    /// <summary>The directories this shim made (parents first), saved in the container's record so
    /// that <c>delete</c> can still remove them when the supervisor was killed before it could.</summary>
    public IReadOnlyList<string> MadeDirectories => legacy is not null ? [.. legacy.Made] : Created ? [Directory] : [];

    /// <summary>
    /// The cgroup v2 directory a container with this config and id is in, or null when it gets none
    /// (no cgroupsPath or resources, or no cgroup v2 here): what stage 2 joins and <see cref="ProcessesOf"/>
    /// reads. Its cgroup.procs lists every process of the container, cgroup.kill ends them all.
    /// </summary>
    public static string? DirectoryOf(ContainerConfig config, string id) =>
        config.Cgroup is { Layout: CgroupLayout.Unified } request ? UnifiedHierarchy.Mount + request.PathFor(id) : null;

    /// <summary>
    /// The pids of a container that has a cgroup of its own (every hierarchy holds them all on v1, so one
    /// is read), for <c>ps</c> and <c>kill --all</c>; null when it has none, or it cannot be found.
    /// </summary>
    public static IReadOnlyList<int>? ProcessesOf(ContainerConfig config, string id, int containerPid)
    {
        if (config.Cgroup is not { } request) return null;
        if (request.Layout == CgroupLayout.Legacy)
        {
            var groups = V1Paths.OfProcess(containerPid, HostCgroups.Hierarchies);
            var group = groups.FirstOrDefault(g => g.Hierarchy.Controllers.Count > 0);
            return group.Directory is { } directory ? ProcessesIn(directory) : null;
        }
        return DirectoryOf(config, id) is { } v2 && System.IO.Directory.Exists(v2) ? ProcessesIn(v2) : null;
    }

    /// <summary>The pids listed in the group's cgroup.procs (empty when it is gone or empty).</summary>
    public static IReadOnlyList<int> ProcessesIn(string directory) =>
        [.. (CgroupFile.Read($"{directory}/cgroup.procs") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Whether stage 2 (not stage 1's unshare) makes the cgroup namespace: it must first
    /// have joined the container's cgroup, so the namespace's root is that cgroup, as in runc.</summary>
    public static bool DefersCgroupNamespace(ContainerConfig config) =>
        (config.Namespaces.UnshareFlags & Sched.CLONE_NEWCGROUP) != 0 && config.Cgroup is { Layout: not CgroupLayout.None };

    /// <summary>Null when the container gets no cgroup. Throws with the field that failed and leaves
    /// nothing behind.</summary>
    public static ContainerCgroup? Create(string id, ContainerConfig config)
    {
        if (config.Cgroup is not { } request) return null;
        if (request.Layout == CgroupLayout.Legacy) return new ContainerCgroup(V1ContainerCgroup.Create(id, request, HostCgroups.Hierarchies));
        if (request.Layout == CgroupLayout.None)
        {
            if (!request.AsksForResources) return null;
            throw new SysException(SysError.Plain(
                $"linux.resources: this host has neither cgroup v2 at {UnifiedHierarchy.Mount} nor cgroup v1 controllers mounted; resources cannot be applied"));
        }
        var path = request.PathFor(id);
        CgroupControllers.EnableFor(path, request.Writes);
        var directory = UnifiedHierarchy.Mount + path;
        var created = Stat.mkdir(directory, 0x1ed) == 0;
        if (!created && Errno.Last.Value != Errno.EEXIST) throw new SysException(SysError.Last($"mkdir {directory}").Wrap("linux.cgroupsPath"));
        var cgroup = new ContainerCgroup(directory, created);
        try
        {
            foreach (var write in request.Writes) cgroup.Apply(write);
            if (request.Devices is { } rules)
            {
                try { DeviceFilter.Attach(directory, rules); }
                catch (SysException e) { throw new SysException(e.Error.Wrap("linux.resources.devices")); }
            }
            return cgroup;
        }
        catch (SysException)
        {
            cgroup.Remove();
            throw;
        }
    }

    private void Apply(CgroupWrite write)
    {
        var error = CgroupFile.Write($"{Directory}/{write.File}", write.Value);
        if (error?.Errno.Value == Errno.ENOENT && write.Otherwise is { } fallback)
            error = CgroupFile.Write($"{Directory}/{fallback.File}", fallback.Value);
        if (error is not null) throw new SysException(error.Wrap(write.Field));
    }

    /// <summary>
    /// Removes the cgroup once it is empty. Processes the container left (a pid: host container's
    /// daemons) are killed, as runc does when it deletes a container; their exit takes a moment, so
    /// this waits for cgroup.events to say "populated 0". Returns what went wrong, if anything.
    /// </summary>
    public SysError? Remove()
    {
        if (legacy is not null) return legacy.Remove();
        if (!Created) return null;
        if (CgroupFile.Rmdir(Directory) is not { } error) return null;
        if (error.Errno.Value != Errno.EBUSY) return error;
        KillAll(Directory);
        return CgroupFile.Rmdir(Directory);
    }

    /// <summary>cgroup v2: kills every process in the group and waits (up to 5 s) for cgroup.events to
    /// say "populated 0".</summary>
    public static void KillAll(string directory)
    {
        CgroupFile.Write($"{directory}/cgroup.kill", "1");
        var deadline = Environment.TickCount64 + 5000;
        while (Environment.TickCount64 < deadline)
        {
            if (CgroupFile.Read($"{directory}/cgroup.events")?.Contains("populated 0", StringComparison.Ordinal) != false) break;
            Thread.Sleep(5);
        }
    }
}
