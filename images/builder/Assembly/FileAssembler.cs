using System.Text;
using Builder.Bundles;
using Builder.Tree;
using Builder.Yaml;

namespace Builder.Assembly;

/// <summary>
/// <c>files:</c> entries, LinuxKit's way: files default to mode 0600 and directories to 0700, owners may be
/// numbers or container names, a <c>source</c> is a host file (skipped when <c>optional</c> and missing),
/// and <c>metadata</c> writes the build's own configuration as JSON.
/// </summary>
internal static class FileAssembler
{
    public static void Add(FsTree root, FileDefinition f, IdResolver ids, ImageDefinition definition)
    {
        var uid = f.Uid is { } u ? ids.Uid(u) : 0;
        var gid = f.Gid is { } g ? ids.Gid(g) : 0;
        FsNode node;
        if (f.Directory) node = FsNode.Directory(f.Mode ?? 0x1C0, uid, gid);
        else if (f.Symlink is { } target) node = FsNode.Symlink(target, uid, gid);
        else if (Content(f, definition) is { } content) node = FsNode.File(content, f.Mode ?? 0x180, uid, gid);
        else return;
        try
        {
            if (f.Directory)
            {
                var dir = root.EnsureDirectory(f.Path);
                (dir.Mode, dir.Uid, dir.Gid) = (node.Mode, uid, gid);
            }
            else root.Put(f.Path, node);
        }
        catch (BuildFailure e)
        {
            throw f.At.Fail($"files: {e.Message}");
        }
    }

    private static FileContent? Content(FileDefinition f, ImageDefinition definition)
    {
        if (f.Metadata is not null) return new BytesContent(MetadataJson.Write(definition));
        if (f.Source is not { } source) return new BytesContent(Encoding.UTF8.GetBytes(f.Contents ?? ""));
        if (File.Exists(source)) return new HostFileContent(source);
        if (f.Optional) return null;
        throw f.At.Fail($"source {source}: no such file");
    }
}
