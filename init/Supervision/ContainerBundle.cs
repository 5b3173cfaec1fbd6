namespace Pid1.Supervision;

/// <summary>
/// One container directory of docs/image-layout.md: <c>/containers/KIND/DIR</c>. For onboot and onshutdown
/// DIR is <c>NNN-NAME</c> (NNN gives the order); the ID the shim gets is NAME.
/// </summary>
internal sealed record ContainerBundle(string Kind, string Dir, string Name)
{
    public const string Root = Oci.ImagePaths.Containers;

    /// <summary>How the console names its kind: <c>service</c>, <c>onboot</c>, <c>onshutdown</c>.</summary>
    public string Label => Kind == Oci.ImagePaths.Services ? "service" : Kind;

    /// <summary>The bundles of one kind, in directory-name order (the builder's NNN order). None when absent.</summary>
    public static List<ContainerBundle> Discover(string kind, string root = Root)
    {
        var dir = Path.Combine(root, kind);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal)
            .Select(d => new ContainerBundle(kind, Path.Combine(dir, d), NameOf(d)))
            .ToList();
    }

    /// <summary><c>001-sysctl</c> -> <c>sysctl</c>; a name without a numeric prefix is kept whole.</summary>
    internal static string NameOf(string dirName)
    {
        var dash = dirName.IndexOf('-');
        return dash > 0 && dirName[..dash].All(char.IsAsciiDigit) && dash < dirName.Length - 1 ? dirName[(dash + 1)..] : dirName;
    }

    /// <summary>The builder's policy from config.json's annotations; defaults (and a reason) if unreadable.</summary>
    public Oci.InitPolicy LoadPolicy(out Linux.SysError? problem)
    {
        problem = null;
        var path = Path.Combine(Dir, "config.json");
        try { return Oci.InitPolicyJson.FromConfig(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            problem = e is System.Text.Json.JsonException json
                ? Linux.SysError.Plain(Oci.InitPolicyJson.Describe(json)).Wrap($"read policy from {path}")
                : Linux.SysError.Of($"read policy from {path}", e);
            return new Oci.InitPolicy();
        }
    }

    /// <summary>What init can see is wrong before starting the shim; the shim reports the rest.</summary>
    public Linux.SysError? Problem() =>
        !File.Exists(Path.Combine(Dir, "config.json")) ? Linux.SysError.Plain($"bundle {Dir} has no config.json") : null;
}
