using System.Text;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// What adduser in a maintainer script would have done: the recipe's users and groups written into
/// etc/passwd and etc/group (an existing line of the same name is replaced; root is added when the file
/// is new), and into etc/shadow and etc/gshadow when the image has them, locked (<c>*</c>, <c>!</c>).
/// </summary>
internal static class AccountFiles
{
    public static void Apply(FsTree tree, IReadOnlyList<AccountEntry> users, IReadOnlyList<AccountEntry> groups)
    {
        if (users.Count > 0)
        {
            Merge(tree, "etc/passwd", "root:x:0:0:root:/root:/bin/sh", users.Select(u => (u.Name, u.PasswdLine)), 0x1A4);
            Merge(tree, "etc/shadow", null, users.Select(u => (u.Name, $"{u.Name}:*:0:0:99999:7:::")), 0x1A0, onlyIfPresent: true);
        }
        if (groups.Count > 0)
        {
            Merge(tree, "etc/group", "root:x:0:", groups.Select(g => (g.Name, g.GroupLine)), 0x1A4);
            Merge(tree, "etc/gshadow", null, groups.Select(g => (g.Name, $"{g.Name}:!::{string.Join(',', g.Members)}")), 0x1A0, onlyIfPresent: true);
        }
    }

    private static void Merge(FsTree tree, string path, string? firstLine, IEnumerable<(string Name, string Line)> entries, uint mode,
        bool onlyIfPresent = false)
    {
        var existing = tree.Find(path);
        if (existing is null && onlyIfPresent) return;
        if (existing is not null && existing.Kind != NodeKind.File) throw new BuildFailure($"{path}: not a regular file");
        var lines = existing is null ? [firstLine!] : Read(existing);
        foreach (var (name, line) in entries)
        {
            var at = lines.FindIndex(l => l.Split(':')[0] == name);
            if (at >= 0) lines[at] = line;
            else lines.Add(line);
        }
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        tree.Put(path, FsNode.File(new BytesContent(bytes), existing?.Mode ?? mode, existing?.Uid ?? 0, existing?.Gid ?? 0));
    }

    private static List<string> Read(FsNode file)
    {
        using var reader = new StreamReader(file.Content!.OpenRead(), Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
