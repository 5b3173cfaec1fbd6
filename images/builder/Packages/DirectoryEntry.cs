using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// A <c>directories:</c> entry: a directory made or re-owned, as a postinst's <c>install -d</c>, <c>chown</c>
/// or <c>dpkg-statoverride</c> would (redis' /var/lib/redis owned by redis, sshd's /run/sshd).
/// </summary>
internal sealed class DirectoryEntry
{
    public string Path { get; set; } = "";
    public uint Uid { get; set; }
    public uint Gid { get; set; }
    public uint Mode { get; set; } = 0x1ED;

    public void Apply(FsTree tree)
    {
        var dir = tree.EnsureDirectory(Path);
        (dir.Uid, dir.Gid, dir.Mode) = (Uid, Gid, Mode);
    }
}
