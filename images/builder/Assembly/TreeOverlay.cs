using Builder.Tree;

namespace Builder.Assembly;

/// <summary>Lays one unpacked image over another, as unpacking it on top would: directories merge, the rest replaces.</summary>
internal static class TreeOverlay
{
    public static void Apply(FsNode lower, FsNode upper)
    {
        (lower.Mode, lower.Uid, lower.Gid) = (upper.Mode, upper.Uid, upper.Gid);
        foreach (var (name, node) in upper.Children!)
        {
            if (node.IsDirectory && lower.Children!.TryGetValue(name, out var existing) && existing.IsDirectory)
                Apply(existing, node);
            else
                lower.Children![name] = node;
        }
    }
}
