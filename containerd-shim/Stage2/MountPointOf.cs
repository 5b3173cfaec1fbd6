namespace Shim.Stage2;

/// <summary>The mount point a path lives on, from /proc/self/mountinfo: the longest mount point that is
/// the path or one of its parents (mount points are octal-escaped there: a space is \040).</summary>
internal static class MountPointOf
{
    public static string Find(string path, string mountinfo)
    {
        var best = "/";
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 5) continue;
            var point = Unescape(fields[4]);
            var inside = point == "/" || path == point || path.StartsWith(point + "/", StringComparison.Ordinal);
            if (inside && point.Length > best.Length) best = point;
        }
        return best;
    }

    public static string Find(string path) => Find(path, File.ReadAllText("/proc/self/mountinfo"));

    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.Substring(i + 1, 3).All(c => c is >= '0' and <= '7'))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else text.Append(field[i]);
        }
        return text.ToString();
    }
}
