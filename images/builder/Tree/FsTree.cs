namespace Builder.Tree;

/// <summary>
/// A directory tree rooted at <see cref="Root"/>. Lookups resolve symlinks in parent components as a
/// chroot would (absolute targets start again at this root), and refuse any <c>..</c> that climbs above
/// the root: a layer that plants <c>a -> ../../..</c> and then writes <c>a/x</c> fails instead of
/// landing outside.
/// </summary>
internal sealed class FsTree(FsNode root)
{
    private const int MaxSymlinkHops = 40;

    public FsTree() : this(FsNode.Directory(0x1ED)) { }

    public FsNode Root { get; } = root;

    /// <summary>The directory that holds <paramref name="components"/>' last name, creating missing parents (0755) when asked.</summary>
    public FsNode ParentOf(IReadOnlyList<string> components, bool create, int layer = 0)
    {
        var dir = Walk(components.Take(components.Count - 1), create, layer);
        return dir ?? throw new BuildFailure($"\"{string.Join('/', components)}\": parent directory does not exist");
    }

    /// <summary>The node at the path, following symlinks in parents; the last component is not followed.</summary>
    public FsNode? Find(IReadOnlyList<string> components)
    {
        if (components.Count == 0) return Root;
        var dir = Walk(components.Take(components.Count - 1), create: false, 0);
        return dir is not null && dir.Children!.TryGetValue(components[^1], out var node) ? node : null;
    }

    public FsNode? Find(string path) => Find(RelativePath.Split(path));

    /// <summary>Puts <paramref name="node"/> at the path, replacing what was there.</summary>
    public void Put(string path, FsNode node)
    {
        var parts = RelativePath.Split(path);
        if (parts.Length == 0) throw new BuildFailure($"\"{path}\": cannot replace the root");
        ParentOf(parts, create: true).Children![parts[^1]] = node;
    }

    /// <summary>Makes sure the directory exists (and every parent), without changing an existing one.</summary>
    public FsNode EnsureDirectory(string path, uint mode = 0x1ED)
    {
        var parts = RelativePath.Split(path);
        if (parts.Length == 0) return Root;
        var parent = ParentOf(parts, create: true);
        if (parent.Children!.TryGetValue(parts[^1], out var existing))
        {
            if (existing.IsDirectory) return existing;
            throw new BuildFailure($"\"{path}\": exists and is not a directory");
        }
        var dir = FsNode.Directory(mode);
        parent.Children[parts[^1]] = dir;
        return dir;
    }

    private FsNode? Walk(IEnumerable<string> components, bool create, int layer)
    {
        var stack = new List<FsNode> { Root };
        var pending = new LinkedList<string>(components);
        var hops = 0;
        while (pending.First is { } first)
        {
            var name = first.Value;
            pending.RemoveFirst();
            if (name is "" or ".") continue;
            if (name == "..")
            {
                if (stack.Count == 1) throw new BuildFailure("path climbs out of the root through a symlink");
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            var child = Child(stack[^1], name, create, layer);
            if (child is null) return null;
            if (child.Kind == NodeKind.Symlink)
            {
                if (++hops > MaxSymlinkHops) throw new BuildFailure($"too many levels of symlinks at \"{name}\"");
                FollowSymlink(child.LinkTarget!, stack, pending);
                continue;
            }
            if (!child.IsDirectory) throw new BuildFailure($"\"{name}\" is not a directory");
            stack.Add(child);
        }
        return stack[^1];
    }

    private static FsNode? Child(FsNode dir, string name, bool create, int layer)
    {
        if (dir.Children!.TryGetValue(name, out var child)) return child;
        if (!create) return null;
        child = FsNode.Directory(0x1ED);
        child.Layer = layer;
        dir.Children[name] = child;
        return child;
    }

    /// <summary>The target's components replace the link's; an absolute target starts again at this root, never the host's.</summary>
    private static void FollowSymlink(string target, List<FsNode> stack, LinkedList<string> pending)
    {
        if (target.StartsWith('/')) stack.RemoveRange(1, stack.Count - 1);
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            pending.AddFirst(part);
    }
}
