using Builder.Tree;
using Builder.Yaml;

namespace Builder.Bundles;

/// <summary>
/// Turns <c>uid</c>/<c>gid</c>/<c>additionalGids</c> names into numbers. First LinuxKit's rule: every container
/// of the YAML has an id, 100 upwards in onboot, onshutdown, services order, so <c>uid: sshd</c> and a file
/// owned by <c>sshd</c> agree. Then the names of the container image's own <c>/etc/passwd</c> (uids) and
/// <c>/etc/group</c> (gids), so <c>uid: nobody</c> works as it would in Docker.
/// </summary>
internal sealed class IdResolver(IReadOnlyDictionary<string, uint> containerIds, IReadOnlyDictionary<string, uint> users, IReadOnlyDictionary<string, uint> groups)
{
    public const uint FirstContainerId = 100;

    public static IdResolver Empty { get; } = new(new Dictionary<string, uint>(), new Dictionary<string, uint>(), new Dictionary<string, uint>());

    public static IReadOnlyDictionary<string, uint> ContainerIds(ImageDefinition d) =>
        d.AllContainers.Select((c, i) => (c.Name, Id: FirstContainerId + (uint)i))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);

    /// <summary>Container names only: for <c>files:</c>, which belong to no image.</summary>
    public static IdResolver ForFiles(ImageDefinition d) => new(ContainerIds(d), new Dictionary<string, uint>(), new Dictionary<string, uint>());

    public static IdResolver ForImage(IReadOnlyDictionary<string, uint> containerIds, FsNode rootfs)
    {
        var tree = new FsTree(rootfs);
        return new IdResolver(containerIds, ReadIds(tree, "etc/passwd"), ReadIds(tree, "etc/group"));
    }

    public uint Uid(IdValue v) => Resolve(v, users, "/etc/passwd");

    public uint Gid(IdValue v) => Resolve(v, groups, "/etc/group");

    /// <summary>A number or a name from an image config's User: the image's own names come first there, since
    /// its author meant them; false when neither.</summary>
    public bool TryResolve(string text, bool group, out uint id)
    {
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)) return true;
        if (text is "" or "root") return (id = 0) == 0;
        return (group ? groups : users).TryGetValue(text, out id) || containerIds.TryGetValue(text, out id);
    }

    private uint Resolve(IdValue v, IReadOnlyDictionary<string, uint> names, string file) =>
        v.Number ?? (TryName(v.Name!, names, out var id)
            ? id : throw v.At.Fail($"cannot find id \"{v.Name}\": it is neither a container of this YAML nor in the image's {file}"));

    private bool TryName(string name, IReadOnlyDictionary<string, uint> names, out uint id) =>
        containerIds.TryGetValue(name, out id) || names.TryGetValue(name, out id);

    /// <summary>name:x:ID:... lines; a missing or unreadable file has no names.</summary>
    private static Dictionary<string, uint> ReadIds(FsTree tree, string path)
    {
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        FsNode? node;
        try
        {
            node = tree.Find(path);
        }
        catch (BuildFailure)
        {
            return ids;
        }
        if (node is not { Kind: NodeKind.File, Content: { } content }) return ids;
        using var reader = new StreamReader(content.OpenRead());
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0].Length > 0 && uint.TryParse(fields[2], out var id)) ids.TryAdd(fields[0], id);
        }
        return ids;
    }
}
