using Linux;
using Shim;

namespace Tests.UnitShim;

public sealed class RootPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rootpath-").FullName;

    public RootPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        Directory.CreateDirectory(Path.Combine(_root, "usr/lib"));
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "up"), "../../../../..");
        File.CreateSymbolicLink(Path.Combine(_root, "usr/lib/rel"), "../../etc");
        File.CreateSymbolicLink(Path.Combine(_root, "lib"), "usr/lib");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(_root, "hostfile"), "/etc/passwd");
    }

    [Theory]
    [InlineData("/", "")]
    [InlineData("/etc", "/etc")]
    [InlineData("/etc/", "/etc")]
    [InlineData("//etc/./hosts", "/etc/hosts")]
    [InlineData("/../../etc", "/etc")]
    [InlineData("/usr/../../../etc/x", "/etc/x")]
    [InlineData("/abs/hosts", "/etc/hosts")]
    [InlineData("/up", "")]
    [InlineData("/up/etc/shadow", "/etc/shadow")]
    [InlineData("/lib/rel/x", "/etc/x")]
    [InlineData("/hostfile", "/etc/passwd")]
    [InlineData("/new/dir/file", "/new/dir/file")]
    public void Paths_resolve_inside_the_root(string path, string expected)
    {
        Assert.Equal(_root + expected, RootPath.Resolve(_root, path));
    }

    [Fact]
    public void A_symlink_loop_is_ELOOP()
    {
        var e = Assert.Throws<SysException>(() => RootPath.Resolve(_root, "/loop/x"));
        Assert.Equal(Errno.ELOOP, e.Error.Errno.Value);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
