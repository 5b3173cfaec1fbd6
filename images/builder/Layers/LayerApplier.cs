using System.Formats.Tar;
using Builder.Tree;

namespace Builder.Layers;

/// <summary>
/// Applies one image layer (a tar, gzip or not) to a tree with OCI whiteout semantics: <c>.wh.NAME</c>
/// deletes NAME from lower layers, <c>.wh..wh..opq</c> empties its directory of lower layers' entries.
/// </summary>
internal sealed class LayerApplier(FsTree tree, ContentSpool spool, int layer)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    public void Apply(Stream layerStream)
    {
        using var tar = new TarReader(MaybeGzip.Open(layerStream), leaveOpen: true);
        var last = "";
        while (NextEntry(tar, last) is { } entry)
        {
            last = entry.Name;
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
            try
            {
                ApplyEntry(entry);
            }
            catch (BuildFailure e)
            {
                throw e.Wrap($"entry \"{entry.Name}\"");
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw new BuildFailure($"entry \"{entry.Name}\": not a valid tar: {e.Message}");
            }
        }
    }

    /// <summary>The next entry; a damaged archive (truncated, a bad header or checksum, a gzip stream that breaks
    /// off) is a build error naming the last good entry, whatever System.Formats.Tar or GZipStream threw.
    /// The reader also throws InvalidOperationException for a GNU long name whose size field is larger
    /// than it allows (found by tests/Unit.Fuzz); only here, where nothing of ours runs, is it damage.</summary>
    private static TarEntry? NextEntry(TarReader tar, string last)
    {
        try
        {
            return tar.GetNextEntry();
        }
        catch (Exception e) when (IsDamage(e) || e is InvalidOperationException)
        {
            throw new BuildFailure($"not a valid tar {(last.Length == 0 ? "at its first entry" : $"after entry \"{last}\"")}: {e.Message}");
        }
    }

    private static bool IsDamage(Exception e) =>
        e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or OverflowException or NotSupportedException;

    private void ApplyEntry(TarEntry entry)
    {
        var parts = RelativePath.Split(entry.Name);
        if (parts.Length == 0) return; // "./": the root's own metadata is ours to set
        var name = parts[^1];
        var parent = tree.ParentOf(parts, create: true, layer);
        if (name == OpaqueMarker)
        {
            foreach (var old in parent.Children!.Where(c => c.Value.Layer < layer).Select(c => c.Key).ToList())
                parent.Children!.Remove(old);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            parent.Children!.Remove(name[WhiteoutPrefix.Length..]);
            return;
        }
        if (entry.EntryType == TarEntryType.Directory && parent.Children!.TryGetValue(name, out var dir) && dir.IsDirectory)
        {
            // Re-stating a directory updates it; its lower contents stay unless an opaque marker says so.
            (dir.Mode, dir.Uid, dir.Gid, dir.Layer) = ((uint)entry.Mode, (uint)entry.Uid, (uint)entry.Gid, layer);
            return;
        }
        var node = NodeFor(entry);
        node.Layer = layer;
        parent.Children![name] = node;
    }

    private FsNode NodeFor(TarEntry entry)
    {
        uint mode = (uint)entry.Mode, uid = (uint)entry.Uid, gid = (uint)entry.Gid;
        return entry.EntryType switch
        {
            TarEntryType.Directory => FsNode.Directory(mode, uid, gid),
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile =>
                FsNode.File(spool.Append(entry.DataStream), mode, uid, gid),
            TarEntryType.SymbolicLink => FsNode.Symlink(entry.LinkName, uid, gid),
            TarEntryType.HardLink => HardLinkTarget(entry.LinkName),
            TarEntryType.CharacterDevice => Device(NodeKind.CharDevice, entry, mode),
            TarEntryType.BlockDevice => Device(NodeKind.BlockDevice, entry, mode),
            TarEntryType.Fifo => FsNode.Special(NodeKind.Fifo, mode, 0, 0, uid, gid),
            _ => throw new BuildFailure($"unsupported tar entry type {entry.EntryType}"),
        };
    }

    private static FsNode Device(NodeKind kind, TarEntry entry, uint mode)
    {
        // A V7 header has no device numbers (found by tests/Unit.Fuzz: a V7 entry of type '3').
        if (entry is not PosixTarEntry posix) throw new BuildFailure($"{entry.EntryType} in a V7 tar header, which has no device numbers");
        return FsNode.Special(kind, mode, (uint)posix.DeviceMajor, (uint)posix.DeviceMinor, (uint)entry.Uid, (uint)entry.Gid);
    }

    /// <summary>A hard link names an earlier entry of the image, by a path inside the root.</summary>
    private FsNode HardLinkTarget(string linkName)
    {
        var node = tree.Find(RelativePath.Split(linkName))
            ?? throw new BuildFailure($"hard link target \"{linkName}\" does not exist");
        if (node.IsDirectory) throw new BuildFailure($"hard link target \"{linkName}\" is a directory");
        return node;
    }
}
