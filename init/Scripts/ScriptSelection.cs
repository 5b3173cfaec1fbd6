namespace Pid1.Scripts;

/// <summary>Which files of an init.d-style directory run, in which order: regular files (a symlink counts as
/// what it points at) with an execute bit, by name in ordinal order (<c>000-issue</c> before <c>010-x</c>),
/// dot files ignored as run-parts ignores them. What is passed over, and why, is reported, not hidden.</summary>
internal static class ScriptSelection
{
    /// <summary>One directory entry: its name, whether it (or its link's target) is a regular file, its mode.</summary>
    internal sealed record Entry(string Name, bool IsRegularFile, UnixFileMode Mode);

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static (List<string> Run, List<(string Name, string Reason)> Skipped) Of(IEnumerable<Entry> entries)
    {
        var run = new List<string>();
        var skipped = new List<(string, string)>();
        foreach (var e in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (e.Name.StartsWith('.')) continue;
            if (!e.IsRegularFile) skipped.Add((e.Name, "not a regular file"));
            else if ((e.Mode & AnyExecute) == 0) skipped.Add((e.Name, $"not executable (mode {Convert.ToString((int)e.Mode, 8).PadLeft(4, '0')})"));
            else run.Add(e.Name);
        }
        return (run, skipped);
    }

    /// <summary>The directory's entries; none when it does not exist (an image without such scripts).</summary>
    public static IEnumerable<Entry> Read(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        var entries = new List<Entry>();
        foreach (var path in Directory.EnumerateFileSystemEntries(dir))
        {
            FileSystemInfo info = new FileInfo(path);
            try { if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info; }
            catch (IOException) { } // a dangling or looping link: reported below as not a regular file
            var regular = info.Exists && (info.Attributes & FileAttributes.Directory) == 0 && info.LinkTarget is null;
            entries.Add(new Entry(Path.GetFileName(path), regular, regular ? info.UnixFileMode : 0));
        }
        return entries;
    }
}
