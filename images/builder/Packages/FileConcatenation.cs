using System.Text.RegularExpressions;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// A <c>concatenate:</c> entry: one file made of others the packages ship, in ordinal path order, each
/// ending in a newline: what update-ca-certificates in ca-certificates' postinst makes of the certificates.
/// Runs before pruning, so the sources can then be removed.
/// </summary>
internal sealed class FileConcatenation
{
    public string Path { get; set; } = "";
    public List<string> From { get; set; } = [];

    public void Apply(FsTree tree)
    {
        var output = new MemoryStream();
        var count = 0;
        foreach (var pattern in From)
            foreach (var (_, node) in Matches(tree.Root, pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), 0, ""))
            {
                using (var data = node.Content!.OpenRead()) data.CopyTo(output);
                if (output.Length > 0 && output.GetBuffer()[output.Length - 1] != '\n') output.WriteByte((byte)'\n');
                count++;
            }
        if (count == 0) throw new BuildFailure($"concatenate {Path}: no file matches {string.Join(", ", From)}");
        tree.Put(Path, FsNode.File(new BytesContent(output.ToArray()), 0x1A4));
    }

    private static IEnumerable<(string Path, FsNode Node)> Matches(FsNode dir, string[] parts, int depth, string prefix)
    {
        var glob = new Regex("^" + Regex.Escape(parts[depth]).Replace("\\*", ".*").Replace("\\?", ".") + "$");
        foreach (var (name, node) in dir.Children!.Where(c => glob.IsMatch(c.Key)))
        {
            if (depth == parts.Length - 1)
            {
                if (node.Kind == NodeKind.File) yield return (prefix + name, node);
            }
            else if (node.IsDirectory)
            {
                foreach (var m in Matches(node, parts, depth + 1, prefix + name + "/")) yield return m;
            }
        }
    }
}
