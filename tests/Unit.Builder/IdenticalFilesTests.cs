using Builder.Initramfs;
using Builder.Tree;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>
/// Files with the same content, mode and owner in different bundles (from different images) become one
/// inode in the cpio, its data written once; a different mode, owner or content keeps them apart.
/// </summary>
public sealed class IdenticalFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static FsNode File(string text, uint mode = 0x1ED, uint uid = 0) => FsNode.File(new BytesContent(System.Text.Encoding.UTF8.GetBytes(text)), mode, uid);

    private List<CpioEntry> Pack(FsTree tree)
    {
        var path = _temp["initrd.img"];
        using (var f = System.IO.File.Create(path)) InitramfsPacker.WriteGzip(tree.Root, f);
        return CpioReader.ReadGzip(path);
    }

    [Fact]
    public void IdenticalFilesOfDifferentImagesAreStoredOnce()
    {
        var tree = new FsTree();
        tree.Put("containers/services/nginx/rootfs/lib/libc.so.6", File("the C library"));
        tree.Put("containers/services/redis/rootfs/lib/libc.so.6", File("the C library"));
        tree.Put("containers/services/redis/rootfs/lib/libd.so", File("the C library"));
        var e = Pack(tree).Where(x => x.Type == 0x8000).ToDictionary(x => x.Name);
        Assert.Single(e.Values.Select(x => x.Inode).Distinct());
        Assert.All(e.Values, x => Assert.Equal(3u, x.Links));
        Assert.Single(e.Values, x => x.Data.Length > 0);
    }

    [Theory]
    [InlineData("other content", 0x1ED, 0u)]
    [InlineData("the C library", 0x1A4, 0u)]
    [InlineData("the C library", 0x1ED, 101u)]
    public void ADifferentContentModeOrOwnerKeepsThemApart(string text, uint mode, uint uid)
    {
        var tree = new FsTree();
        tree.Put("containers/services/a/rootfs/lib", File("the C library"));
        tree.Put("containers/onboot/000-b/rootfs/lib", File(text, mode, uid));
        var e = Pack(tree).Where(x => x.Type == 0x8000).ToList();
        Assert.Equal(2, e.Select(x => x.Inode).Distinct().Count());
        Assert.All(e, x => Assert.Equal(1u, x.Links));
    }

    [Fact]
    public void TheSavingIsCounted()
    {
        var tree = new FsTree();
        tree.Put("containers/services/a/rootfs/x", File("12345"));
        tree.Put("containers/services/b/rootfs/x", File("12345"));
        tree.Put("containers/onshutdown/000-c/rootfs/x", File("12345"));
        tree.Put("containers/services/a/rootfs/empty", File(""));
        tree.Put("containers/services/b/rootfs/empty", File(""));
        Assert.Equal(10, IdenticalFiles.Merge(tree.Root));
    }

    [Fact]
    public void FilesOutsideTheBundlesRootfsAreLeftAlone()
    {
        var tree = new FsTree();
        tree.Put("containers/services/a/rootfs/etc/motd", File("hello"));
        tree.Put("etc/motd", File("hello"));
        tree.Put("containers/volumes/data/merged/motd", File("hello"));
        tree.Put("containers/services/a/config.json", File("hello"));
        Assert.Equal(0, IdenticalFiles.Merge(tree.Root));
    }
}
