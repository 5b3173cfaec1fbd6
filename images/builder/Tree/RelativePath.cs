namespace Builder.Tree;

/// <summary>
/// Splits a path named inside an image (layer entry, hard link target, <c>files:</c> path) into
/// components. Absolute paths and <c>..</c> are refused: such names only ever serve to write outside
/// the root. A leading <c>./</c> (docker and tar both write it) is dropped.
/// </summary>
internal static class RelativePath
{
    public static string[] Split(string path)
    {
        if (path.StartsWith('/')) throw new BuildFailure($"\"{path}\": absolute path not allowed");
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains("..")) throw new BuildFailure($"\"{path}\": \"..\" not allowed");
        return parts;
    }
}
