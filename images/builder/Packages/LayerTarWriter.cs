using System.Formats.Tar;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Writes a tree as one layer tar, reproducibly: entries in ordinal path order (parents first), mtime,
/// atime and ctime 0, numeric owners as the .deb gave them, no user or group names, GNU format (pax
/// headers would carry times). A file under several names is a hard link to its first name.
/// </summary>
internal static class LayerTarWriter
{
    public static void Write(FsNode root, Stream output)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        var first = new Dictionary<FsNode, string>(ReferenceEqualityComparer.Instance);
        WriteChildren(root, "", tar, first);
    }

    private static void WriteChildren(FsNode dir, string prefix, TarWriter tar, Dictionary<FsNode, string> first)
    {
        foreach (var (name, node) in dir.Children!)
        {
            var path = prefix + name;
            if (node.Kind == NodeKind.File && first.TryGetValue(node, out var target))
            {
                tar.WriteEntry(Entry(TarEntryType.HardLink, path, node, link: target));
                continue;
            }
            switch (node.Kind)
            {
                case NodeKind.Directory:
                    tar.WriteEntry(Entry(TarEntryType.Directory, path + "/", node));
                    WriteChildren(node, path + "/", tar, first);
                    break;
                case NodeKind.File:
                    first[node] = path;
                    using (var data = node.Content!.OpenRead())
                    {
                        var entry = Entry(TarEntryType.RegularFile, path, node);
                        entry.DataStream = data;
                        tar.WriteEntry(entry);
                    }
                    break;
                case NodeKind.Symlink:
                    tar.WriteEntry(Entry(TarEntryType.SymbolicLink, path, node, link: node.LinkTarget));
                    break;
                default:
                    tar.WriteEntry(Device(path, node));
                    break;
            }
        }
    }

    private static GnuTarEntry Entry(TarEntryType type, string path, FsNode node, string? link = null)
    {
        var entry = new GnuTarEntry(type, path)
        {
            Mode = (UnixFileMode)node.Mode, Uid = (int)node.Uid, Gid = (int)node.Gid,
            ModificationTime = DateTimeOffset.UnixEpoch, AccessTime = DateTimeOffset.UnixEpoch, ChangeTime = DateTimeOffset.UnixEpoch,
            UserName = "", GroupName = "",
        };
        if (link is not null) entry.LinkName = link;
        return entry;
    }

    private static GnuTarEntry Device(string path, FsNode node)
    {
        var type = node.Kind switch
        {
            NodeKind.CharDevice => TarEntryType.CharacterDevice,
            NodeKind.BlockDevice => TarEntryType.BlockDevice,
            _ => TarEntryType.Fifo,
        };
        var entry = Entry(type, path, node);
        if (type != TarEntryType.Fifo)
        {
            entry.DeviceMajor = (int)node.DevMajor;
            entry.DeviceMinor = (int)node.DevMinor;
        }
        return entry;
    }
}
