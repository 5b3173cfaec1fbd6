using System.IO.Compression;
using System.Text;
using Builder.Tree;

namespace Builder.Initramfs;

/// <summary>
/// Packs a tree as a gzip'd newc cpio: depth first in ordinal name order, so parents come before their
/// children and the order never depends on the host. Inode numbers are handed out in that order; a
/// hard-linked file gets one inode and its data is written once, with its last name (as GNU cpio does;
/// the kernel links the earlier names and fills the file from the last).
/// </summary>
internal sealed class InitramfsPacker
{
    private const uint TypeDirectory = 0x4000, TypeFile = 0x8000, TypeSymlink = 0xA000;
    private const uint TypeChar = 0x2000, TypeBlock = 0x6000, TypeFifo = 0x1000;

    private readonly Dictionary<FsNode, (uint Inode, int Links)> _inodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FsNode, int> _namesLeft = new(ReferenceEqualityComparer.Instance);

    public static void WriteGzip(FsNode root, Stream output)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        new InitramfsPacker().Write(root, gzip);
    }

    public void Write(FsNode root, Stream output)
    {
        IdenticalFiles.Merge(root);
        Number(root);
        foreach (var (node, (_, links)) in _inodes) _namesLeft[node] = links;
        var cpio = new CpioNewcWriter(output);
        Emit(root, "", cpio);
        cpio.WriteTrailer();
    }

    private void Number(FsNode dir)
    {
        foreach (var child in dir.Children!.Values)
        {
            if (_inodes.TryGetValue(child, out var seen))
            {
                _inodes[child] = (seen.Inode, seen.Links + 1);
                continue;
            }
            _inodes[child] = ((uint)_inodes.Count + 1, 1);
            if (child.IsDirectory) Number(child);
        }
    }

    private void Emit(FsNode dir, string prefix, CpioNewcWriter cpio)
    {
        foreach (var (name, node) in dir.Children!)
        {
            var path = prefix + name;
            var (inode, links) = _inodes[node];
            var last = --_namesLeft[node] == 0;
            var header = new CpioHeader(inode, TypeBits(node.Kind) | node.Mode, node.Uid, node.Gid, LinkCount(node, links), 0,
                node.DevMajor, node.DevMinor);
            switch (node.Kind)
            {
                case NodeKind.File when last:
                    using (var data = node.Content!.OpenRead()) cpio.Write(header with { FileSize = node.Content.Length }, path, data);
                    break;
                case NodeKind.Symlink:
                    var target = Encoding.UTF8.GetBytes(node.LinkTarget!);
                    cpio.Write(header with { FileSize = target.Length }, path, new MemoryStream(target));
                    break;
                default:
                    cpio.Write(header, path, null);
                    break;
            }
            if (node.IsDirectory) Emit(node, path + "/", cpio);
        }
    }

    private static uint LinkCount(FsNode node, int names) =>
        node.IsDirectory ? 2 + (uint)node.Children!.Values.Count(c => c.IsDirectory) : (uint)names;

    private static uint TypeBits(NodeKind kind) => kind switch
    {
        NodeKind.Directory => TypeDirectory,
        NodeKind.File => TypeFile,
        NodeKind.Symlink => TypeSymlink,
        NodeKind.CharDevice => TypeChar,
        NodeKind.BlockDevice => TypeBlock,
        _ => TypeFifo,
    };
}
