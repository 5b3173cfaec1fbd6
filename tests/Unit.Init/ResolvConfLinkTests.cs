using Pid1.Boot;

namespace Tests.UnitInit;

public sealed class ResolvConfLinkTests
{
    [Fact]
    public void Resolv_conf_links_resolve_against_their_own_directory()
    {
        var dir = Directory.CreateTempSubdirectory("etc-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir, "abs"), "/run/resolvconf/resolv.conf");
            File.CreateSymbolicLink(Path.Combine(dir, "rel"), "../run/x/resolv.conf");
            File.WriteAllText(Path.Combine(dir, "plain"), "");
            Assert.Equal("/run/resolvconf/resolv.conf", PrepareResolvConf.LinkTarget(Path.Combine(dir, "abs")));
            Assert.Equal(Path.GetFullPath(Path.Combine(dir, "../run/x/resolv.conf")), PrepareResolvConf.LinkTarget(Path.Combine(dir, "rel")));
            Assert.Null(PrepareResolvConf.LinkTarget(Path.Combine(dir, "plain")));
            Assert.Null(PrepareResolvConf.LinkTarget(Path.Combine(dir, "missing")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
