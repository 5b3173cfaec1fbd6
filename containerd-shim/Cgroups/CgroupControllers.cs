using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>
/// Makes the controllers a container's files belong to available in its cgroup: cgroup v2 shows
/// memory.max in a cgroup only when its parent lists "memory" in cgroup.subtree_control, and the
/// parent only when its own parent does. So from the root down to the container's parent, each
/// missing controller is enabled (parents are created as needed). A parent that holds processes
/// itself cannot enable controllers for its children (EBUSY, the no-internal-process rule).
/// </summary>
internal static class CgroupControllers
{
    public static void EnableFor(string path, IReadOnlyList<CgroupWrite> writes)
    {
        var needed = new List<(string Controller, string Field)>();
        foreach (var w in writes)
            if (w.Controller is { } c && !needed.Exists(n => n.Controller == c)) needed.Add((c, w.Field));
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var dir = UnifiedHierarchy.Mount;
        for (var depth = 0; depth < parts.Length; depth++)
        {
            if (depth > 0) MakeParent(dir);
            Enable(dir, needed);
            dir += "/" + parts[depth];
        }
    }

    private static void MakeParent(string dir)
    {
        if (Stat.mkdir(dir, 0x1ed) != 0 && Errno.Last.Value != Errno.EEXIST)
            throw new SysException(SysError.Last($"mkdir {dir}").Wrap("linux.cgroupsPath"));
    }

    private static void Enable(string dir, List<(string Controller, string Field)> needed)
    {
        if (needed.Count == 0) return;
        var available = Words(CgroupFile.Read($"{dir}/cgroup.controllers"));
        var enabled = Words(CgroupFile.Read($"{dir}/cgroup.subtree_control"));
        foreach (var (controller, field) in needed)
        {
            if (enabled.Contains(controller)) continue;
            if (!available.Contains(controller))
                throw new SysException(SysError.Plain($"{field}: the {controller} controller is not available in {dir}/cgroup.controllers " +
                    "(the kernel lacks it, or it is not delegated here)"));
            if (CgroupFile.Write($"{dir}/cgroup.subtree_control", "+" + controller) is { } error)
                throw new SysException(error.Wrap(field));
        }
    }

    private static HashSet<string> Words(string? text) =>
        [.. (text ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)];
}
