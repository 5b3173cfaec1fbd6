using Builder.Tree;
using Oci;

namespace Builder.Assembly;

/// <summary>
/// Checks, once the root is complete, that every bind a container asks for has a source the booted machine
/// will have: a path in the root (base layout, init images, volumes, <c>files:</c>), followed through its
/// symlinks; or a path under a tree that exists only at boot and that the build cannot see: the API
/// filesystems init mounts (/proc, /sys, /dev) and the tmpfs trees it mounts empty (/run, /tmp, /var), which
/// init, an onboot container or a disk mount fill. Anything else would fail that container's start at boot,
/// so the build says so now: one warning naming the container, the bind and why.
/// </summary>
internal static class BindSources
{
    private const int MaxSymlinkHops = 40;
    private static readonly string[] MadeAtBoot = ["proc", "sys", "dev", "run", "tmp", "var"];

    public static IEnumerable<string> Check(FsTree root, IEnumerable<(string Container, List<Mount> Mounts)> containers)
    {
        foreach (var (container, mounts) in containers)
        {
            foreach (var m in mounts.Where(m => m.Type == "bind" && m.Source is { } s && s.StartsWith('/')))
            {
                if (Missing(root, m.Source!) is { } why)
                    yield return $"container \"{container}\": bind {m.Source}:{m.Destination}: {why}; the container will fail to start";
            }
        }
    }

    /// <summary>Null when the source will be there at boot, else why not.</summary>
    internal static string? Missing(FsTree root, string source)
    {
        var pending = new Queue<string>(Components(source));
        var path = new List<string>();
        var node = root.Root;
        for (var hops = 0; pending.TryDequeue(out var name);)
        {
            if (name == "..")
            {
                if (path.Count > 0) path.RemoveAt(path.Count - 1);
                node = Lookup(root, path);
                continue;
            }
            if (path.Count == 0 && MadeAtBoot.Contains(name, StringComparer.Ordinal)) return null;
            if (!node!.IsDirectory || !node.Children!.TryGetValue(name, out var child))
                return $"{Shown(path, name)} is not in the image's root (no init: image, volume or files: entry puts it there, and init does not make it at boot)";
            if (child.Kind == NodeKind.Symlink)
            {
                if (++hops > MaxSymlinkHops) return $"{Shown(path, name)}: too many levels of symbolic links";
                var target = child.LinkTarget!;
                if (target.StartsWith('/')) path.Clear();
                pending = new Queue<string>(Components(target).Concat(pending));
                node = Lookup(root, path);
                continue;
            }
            path.Add(name);
            node = child;
        }
        return null;
    }

    private static FsNode? Lookup(FsTree root, List<string> path) => path.Count == 0 ? root.Root : root.Find(path);

    private static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();

    private static string Shown(List<string> path, string name) => "/" + string.Join('/', path.Append(name));
}
