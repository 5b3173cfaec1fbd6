using Builder;
using Builder.Layers;
using Builder.Tree;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>Layers applied in order with OCI whiteouts, and entries that try to write outside the root.</summary>
public sealed class LayerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ContentSpool _spool;
    private readonly FsTree _tree = new();

    public LayerTests() => _spool = new ContentSpool(_temp.Path);

    public void Dispose()
    {
        _spool.Dispose();
        _temp.Dispose();
    }

    private void Apply(int layer, TarLayer tar, bool gzip = false) =>
        new LayerApplier(_tree, _spool, layer).Apply(new MemoryStream(tar.ToBytes(gzip)));

    private string[] Names(string dir) => _tree.Find(dir)!.Children!.Keys.ToArray();

    private string Read(string path)
    {
        using var s = _tree.Find(path)!.Content!.OpenRead();
        return new StreamReader(s).ReadToEnd();
    }

    [Fact]
    public void WhiteoutRemovesAFileOrADirectoryOfLowerLayers()
    {
        Apply(1, new TarLayer().Dir("a").File("a/x", "1").File("a/y", "2").Dir("a/sub").File("a/sub/z", "3"));
        Apply(2, new TarLayer().File("a/.wh.x", "").File("a/.wh.sub", ""));
        Assert.Equal(["y"], Names("a"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpaqueMarkerHidesLowerEntriesButKeepsItsOwnLayers(bool markerFirst)
    {
        Apply(1, new TarLayer().Dir("a").File("a/old", "1").Dir("a/sub").File("a/sub/z", "3"));
        var upper = new TarLayer().Dir("a");
        if (markerFirst) upper.File("a/.wh..wh..opq", "").File("a/new", "n");
        else upper.File("a/new", "n").File("a/.wh..wh..opq", "");
        Apply(2, upper);
        Assert.Equal(["new"], Names("a"));
        Assert.Equal("n", Read("a/new"));
    }

    [Fact]
    public void LaterLayerReplacesFilesAndKeepsMetadata()
    {
        Apply(1, new TarLayer().File("f", "old").File("g", "g", mode: 0x1ED, uid: 7, gid: 8), gzip: true);
        Apply(2, new TarLayer().File("f", "new", mode: 0x180));
        Assert.Equal("new", Read("f"));
        Assert.Equal(0x180u, _tree.Find("f")!.Mode);
        var g = _tree.Find("g")!;
        Assert.Equal((0x1EDu, 7u, 8u), (g.Mode, g.Uid, g.Gid));
    }

    [Fact]
    public void HardLinksShareOneNodeAndDevicesKeepTheirNumbers()
    {
        Apply(1, new TarLayer().Dir("bin").File("bin/busybox", "BB", mode: 0x1ED).HardLink("bin/sh", "bin/busybox")
            .CharDevice("dev/tty0", 4, 0).Fifo("run/fifo").Symlink("lib", "usr/lib"));
        Assert.Same(_tree.Find("bin/busybox"), _tree.Find("bin/sh"));
        var tty = _tree.Find("dev/tty0")!;
        Assert.Equal((NodeKind.CharDevice, 4u, 0u, 0x1B6u), (tty.Kind, tty.DevMajor, tty.DevMinor, tty.Mode));
        Assert.Equal(NodeKind.Fifo, _tree.Find("run/fifo")!.Kind);
        Assert.Equal("usr/lib", _tree.Find("lib")!.LinkTarget);
    }

    [Fact]
    public void AbsoluteSymlinksResolveInsideTheRoot()
    {
        Apply(1, new TarLayer().Dir("etc").Symlink("var/run", "/run").Dir("run"));
        Apply(2, new TarLayer().File("var/run/pid", "1"));
        Assert.Equal("1", Read("run/pid"));
    }

    [Theory]
    [InlineData("/etc/passwd", "entry \"/etc/passwd\": \"/etc/passwd\": absolute path not allowed")]
    [InlineData("../x", "entry \"../x\": \"../x\": \"..\" not allowed")]
    [InlineData("a/../../x", "entry \"a/../../x\": \"a/../../x\": \"..\" not allowed")]
    public void EntriesNamingPathsOutsideTheRootAreRejected(string name, string expected)
    {
        var e = Assert.Throws<BuildFailure>(() => Apply(1, new TarLayer().File(name, "x")));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("../../..", "l/x")]
    [InlineData("..", "l/etc/x")]
    [InlineData("a/../..", "l/x")]
    public void WritesThroughSymlinksThatClimbOutAreRejected(string target, string write)
    {
        var e = Assert.Throws<BuildFailure>(() => Apply(1, new TarLayer().Dir("a").Symlink("l", target).File(write, "x")));
        Assert.Equal($"entry \"{write}\": path climbs out of the root through a symlink", e.Message);
    }

    [Fact]
    public void SymlinkPlantedInALowerLayerCannotBeUsedToClimbOut()
    {
        Apply(1, new TarLayer().Dir("etc").Symlink("etc/evil", "../../../../tmp"));
        var e = Assert.Throws<BuildFailure>(() => Apply(2, new TarLayer().File("etc/evil/pwned", "x")));
        Assert.Equal("entry \"etc/evil/pwned\": path climbs out of the root through a symlink", e.Message);
    }

    [Theory]
    [InlineData("/etc/passwd", "entry \"h\": \"/etc/passwd\": absolute path not allowed")]
    [InlineData("../../etc/passwd", "entry \"h\": \"../../etc/passwd\": \"..\" not allowed")]
    [InlineData("l/etc/shadow", "entry \"h\": path climbs out of the root through a symlink")]
    [InlineData("missing", "entry \"h\": hard link target \"missing\" does not exist")]
    [InlineData("d", "entry \"h\": hard link target \"d\" is a directory")]
    public void HardLinksOutsideTheRootOrToNothingAreRejected(string target, string expected)
    {
        var e = Assert.Throws<BuildFailure>(() => Apply(1, new TarLayer().Dir("d").Symlink("l", "..").HardLink("h", target)));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void SymlinkLoopsAreReportedNotFollowedForever()
    {
        var e = Assert.Throws<BuildFailure>(() => Apply(1, new TarLayer().Symlink("a", "b").Symlink("b", "a").File("a/x", "1")));
        Assert.Equal("entry \"a/x\": too many levels of symlinks at \"a\"", e.Message);
    }
}
