using System.Text.RegularExpressions;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Removes what a container never reads: documentation, man and info pages, translations, lintian
/// overrides, bug-reporting hooks (and so every changelog and copyright file, which live under doc),
/// plus a recipe's own <c>remove:</c> paths. A path component may hold <c>*</c> and <c>?</c>.
/// </summary>
internal static class RootfsPruner
{
    public static readonly string[] Always =
    [
        "usr/share/doc", "usr/share/doc-base", "usr/share/man", "usr/share/info", "usr/share/locale",
        "usr/share/lintian", "usr/share/linda", "usr/share/bug", "usr/share/gtk-doc", "usr/share/help",
    ];

    /// <summary>Removes each pattern's matches; returns how many entries were removed.</summary>
    public static int Prune(FsTree tree, IEnumerable<string> patterns)
    {
        var removed = 0;
        foreach (var pattern in patterns) removed += Remove(tree.Root, pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);
        return removed;
    }

    private static int Remove(FsNode dir, string[] parts, int depth)
    {
        var matcher = Glob(parts[depth]);
        var removed = 0;
        foreach (var name in dir.Children!.Keys.Where(n => matcher.IsMatch(n)).ToList())
        {
            if (depth == parts.Length - 1)
            {
                dir.Children.Remove(name);
                removed++;
            }
            else if (dir.Children[name].IsDirectory)
            {
                removed += Remove(dir.Children[name], parts, depth + 1);
            }
        }
        return removed;
    }

    private static Regex Glob(string component) =>
        new("^" + Regex.Escape(component).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant);
}
