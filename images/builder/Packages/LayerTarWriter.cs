using System.Formats.Tar;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Writes a tree as one tar, reproducibly: entries in ordinal path order (parents first), mtime 0, numeric
/// owners as the .deb gave them, no user or group names, GNU format (pax headers would carry times). A file
/// under several names is a hard link to its first name. Two styles of header, one walk:
/// <see cref="TarStyle.Layer"/> (an image layer: atime and ctime 0 too, for its digest) and
/// <see cref="TarStyle.Mksquashfs"/> (the input of <c>mksquashfs -tar</c>, Formats/SquashfsRoot.cs).
/// </summary>
internal static class LayerTarWriter
{
    /// <summary>Which header fields a style sets: a squashfs made from a tar with the GNU atime and ctime set
    /// booted with no container in its root (seen in SquashfsBootTests); mksquashfs -tar needs only the rest.</summary>
    public sealed record TarStyle(bool AccessAndChangeTimes, uint ModeMask)
    {
        public static readonly TarStyle Layer = new(true, uint.MaxValue);
        public static readonly TarStyle Mksquashfs = new(false, 0xFFF);
    }

    public static void Write(FsNode root, Stream output) => Write(root, output, TarStyle.Layer);

    public static void Write(FsNode root, Stream output, TarStyle style)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        var first = new Dictionary<FsNode, string>(ReferenceEqualityComparer.Instance);
        WriteChildren(root, "", tar, first, style);
    }

    private static void WriteChildren(FsNode dir, string prefix, TarWriter tar, Dictionary<FsNode, string> first, TarStyle style)
    {
        foreach (var (name, node) in dir.Children!)
        {
            var path = prefix + name;
            if (node.Kind == NodeKind.File && first.TryGetValue(node, out var target))
            {
                tar.WriteEntry(Entry(TarEntryType.HardLink, path, node, style, link: target));
                continue;
            }
            switch (node.Kind)
            {
                case NodeKind.Directory:
                    tar.WriteEntry(Entry(TarEntryType.Directory, path + "/", node, style));
                    WriteChildren(node, path + "/", tar, first, style);
                    break;
                case NodeKind.File:
                    first[node] = path;
                    using (var data = node.Content!.OpenRead())
                    {
                        var entry = Entry(TarEntryType.RegularFile, path, node, style);
                        entry.DataStream = data;
                        tar.WriteEntry(entry);
                    }
                    break;
                case NodeKind.Symlink:
                    tar.WriteEntry(Entry(TarEntryType.SymbolicLink, path, node, style, link: node.LinkTarget));
                    break;
                default:
                    tar.WriteEntry(Device(path, node, style));
                    break;
            }
        }
    }

    private static GnuTarEntry Entry(TarEntryType type, string path, FsNode node, TarStyle style, string? link = null)
    {
        var entry = new GnuTarEntry(type, path)
        {
            Mode = (UnixFileMode)(node.Mode & style.ModeMask), Uid = (int)node.Uid, Gid = (int)node.Gid,
            ModificationTime = DateTimeOffset.UnixEpoch, UserName = "", GroupName = "",
        };
        if (style.AccessAndChangeTimes) (entry.AccessTime, entry.ChangeTime) = (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        if (link is not null) entry.LinkName = link;
        return entry;
    }

    private static GnuTarEntry Device(string path, FsNode node, TarStyle style)
    {
        var type = node.Kind switch
        {
            NodeKind.CharDevice => TarEntryType.CharacterDevice,
            NodeKind.BlockDevice => TarEntryType.BlockDevice,
            _ => TarEntryType.Fifo,
        };
        var entry = Entry(type, path, node, style);
        if (type != TarEntryType.Fifo)
        {
            entry.DeviceMajor = (int)node.DevMajor;
            entry.DeviceMinor = (int)node.DevMinor;
        }
        return entry;
    }
}
