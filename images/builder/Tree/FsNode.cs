namespace Builder.Tree;

/// <summary>
/// One inode of the image tree. Directories map names to nodes; a hard link is the same node under
/// two names (or in two bundles), so the cpio writer can give both one inode number and store the data once.
/// The builder never creates these on the host, so it needs no root and makes no device nodes.
/// </summary>
internal sealed class FsNode
{
    private FsNode(NodeKind kind, uint mode, uint uid, uint gid)
    {
        Kind = kind;
        Mode = mode & 0xFFF;
        Uid = uid;
        Gid = gid;
        if (kind == NodeKind.Directory) Children = new SortedDictionary<string, FsNode>(StringComparer.Ordinal);
    }

    public NodeKind Kind { get; }

    /// <summary>Permission bits with setuid/setgid/sticky (07777), without the type.</summary>
    public uint Mode { get; set; }
    public uint Uid { get; set; }
    public uint Gid { get; set; }

    /// <summary>The layer that last wrote this node; opaque whiteouts remove only lower layers' entries.</summary>
    public int Layer { get; set; }

    public SortedDictionary<string, FsNode>? Children { get; }
    public FileContent? Content { get; private init; }
    public string? LinkTarget { get; private init; }
    public uint DevMajor { get; private init; }
    public uint DevMinor { get; private init; }

    public bool IsDirectory => Kind == NodeKind.Directory;

    public static FsNode Directory(uint mode, uint uid = 0, uint gid = 0) => new(NodeKind.Directory, mode, uid, gid);

    public static FsNode File(FileContent content, uint mode, uint uid = 0, uint gid = 0) =>
        new(NodeKind.File, mode, uid, gid) { Content = content };

    public static FsNode Symlink(string target, uint uid = 0, uint gid = 0) =>
        new(NodeKind.Symlink, 0x1FF, uid, gid) { LinkTarget = target };

    public static FsNode Special(NodeKind kind, uint mode, uint major, uint minor, uint uid = 0, uint gid = 0) =>
        new(kind, mode, uid, gid) { DevMajor = major, DevMinor = minor };

    /// <summary>
    /// Copies the subtree for another bundle of the same image. Regular files stay shared: in the cpio
    /// they become hard links, so ten services from one image store its bytes once, and the kernel unpacks
    /// (under TCG, gunzips) a tenth of them; init runs on the unpacked rootfs, so that is RAM too. Safe
    /// because nothing writes to a bundle's rootfs in place: the shim puts an overlay over it (Initramfs/
    /// IdenticalFiles.cs extends the sharing across images on the same ground). Directories, symlinks and
    /// device nodes are copied, so each bundle owns its metadata.
    /// </summary>
    public FsNode CloneSharingFiles() => Clone(new Dictionary<FsNode, FsNode>(ReferenceEqualityComparer.Instance));

    private FsNode Clone(Dictionary<FsNode, FsNode> copies)
    {
        if (Kind == NodeKind.File) return this;
        if (copies.TryGetValue(this, out var done)) return done;
        var copy = new FsNode(Kind, Mode, Uid, Gid)
        {
            Content = Content, LinkTarget = LinkTarget, DevMajor = DevMajor, DevMinor = DevMinor, Layer = Layer,
        };
        copies[this] = copy;
        if (Children is not null)
            foreach (var (name, child) in Children) copy.Children![name] = child.Clone(copies);
        return copy;
    }
}
