using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>
/// A container's cgroup on a cgroup v1 or hybrid host: one directory in every hierarchy (the container
/// joins them all, name=systemd and the hybrid cgroup2 one included, as with runc), each controller's
/// files written in its own. Made by stage 1 before stage 2 exists; on failure, and when the container
/// is gone, every directory this shim made is removed again, deepest first; one that already existed
/// is joined and left to whoever made it.
/// </summary>
internal sealed class V1ContainerCgroup
{
    private readonly List<string> made = [];

    private V1ContainerCgroup(IReadOnlyList<(V1Hierarchy Hierarchy, string Directory)> groups) => Groups = groups;

    /// <summary>Every directory this shim made, parents first (what <see cref="Remove"/> removes).</summary>
    public IReadOnlyList<string> Made => made;

    /// <summary>The container's directory in each hierarchy.</summary>
    public IReadOnlyList<(V1Hierarchy Hierarchy, string Directory)> Groups { get; }

    /// <summary>Throws with the field that failed and leaves nothing behind.</summary>
    public static V1ContainerCgroup Create(string id, CgroupRequest request, IReadOnlyList<V1Hierarchy> hierarchies)
    {
        foreach (var write in request.Writes)
        {
            if (write.Controller is { } c && !hierarchies.Any(h => h.Has(c)))
                throw new SysException(SysError.Plain($"{write.Field}: cgroup v1 controller \"{c}\" is not mounted"));
        }
        var cgroup = new V1ContainerCgroup(V1Paths.DirectoriesFor(request, id, hierarchies));
        try
        {
            foreach (var (hierarchy, directory) in cgroup.Groups) cgroup.Make(hierarchy, directory);
            foreach (var write in request.Writes) cgroup.Apply(write);
            return cgroup;
        }
        catch (SysException)
        {
            cgroup.Remove();
            throw;
        }
    }

    /// <summary>mkdir -p, remembering what was made. A new cpuset cgroup starts with no cpus and no
    /// mems and takes no process until given some: each one made gets its parent's.</summary>
    private void Make(V1Hierarchy hierarchy, string directory)
    {
        var dir = hierarchy.MountPoint;
        foreach (var part in directory[hierarchy.MountPoint.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var parent = dir;
            dir += "/" + part;
            if (Stat.mkdir(dir, 0x1ed) != 0)
            {
                if (Errno.Last.Value == Errno.EEXIST) continue;
                throw new SysException(SysError.Last($"mkdir {dir}").Wrap("linux.cgroupsPath"));
            }
            made.Add(dir);
            if (hierarchy.Has("cpuset")) InheritCpuset(parent, dir);
        }
    }

    private static void InheritCpuset(string parent, string dir)
    {
        foreach (var file in (string[])["cpuset.cpus", "cpuset.mems"])
        {
            var value = CgroupFile.Read($"{parent}/{file}")?.Trim();
            if (string.IsNullOrEmpty(value)) continue;
            if (CgroupFile.Write($"{dir}/{file}", value) is { } error) throw new SysException(error.Wrap("linux.cgroupsPath"));
        }
    }

    private void Apply(CgroupWrite write)
    {
        var directory = Groups.First(g => g.Hierarchy.Has(write.Controller!)).Directory;
        var error = CgroupFile.Write($"{directory}/{write.File}", write.Value);
        if (error?.Errno.Value == Errno.ENOENT && write.Otherwise is { } fallback)
            error = CgroupFile.Write($"{directory}/{fallback.File}", fallback.Value);
        if (error?.Errno.Value == Errno.ENOENT && write.Optional) return;
        if (error is not null) throw new SysException(error.Wrap(write.Field));
    }

    /// <summary>Kills what the container left (v1 has no cgroup.kill: each pid of cgroup.procs gets
    /// SIGKILL until none is left, up to 5 s), then removes every directory made, deepest first.
    /// Returns the first thing that went wrong.</summary>
    public SysError? Remove()
    {
        if (made.Count == 0) return null;
        // Only in cgroups this shim made: one it joined may hold someone else's processes.
        V1Processes.KillAll(Groups.Select(g => g.Directory).Where(made.Contains));
        SysError? first = null;
        for (var i = made.Count - 1; i >= 0; i--)
        {
            if (CgroupFile.Rmdir(made[i]) is not { } error) continue;
            // A parent that another container now uses is theirs to remove.
            if (error.Errno.Value is Errno.EBUSY or Errno.ENOTEMPTY && !Groups.Any(g => g.Directory == made[i])) continue;
            first ??= error;
        }
        made.Clear();
        return first;
    }
}
