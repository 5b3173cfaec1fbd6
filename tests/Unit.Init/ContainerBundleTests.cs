using Pid1.Supervision;

namespace Tests.UnitInit;

public sealed class ContainerBundleTests
{
    [Theory]
    [InlineData("000-sysctl", "sysctl")]
    [InlineData("012-dhcp-client", "dhcp-client")]
    [InlineData("getty", "getty")]
    [InlineData("my-service", "my-service")]
    [InlineData("000-", "000-")]
    internal void IdIsTheNameWithoutTheOrder(string dir, string name) => Assert.Equal(name, ContainerBundle.NameOf(dir));

    [Fact]
    public void DiscoverSortsByDirectoryName()
    {
        var root = Directory.CreateTempSubdirectory("bundles").FullName;
        try
        {
            foreach (var d in new[] { "010-c", "002-b", "001-a" }) Directory.CreateDirectory(Path.Combine(root, "onboot", d));
            File.WriteAllText(Path.Combine(root, "onboot", "001-a", "config.json"), "{}");
            var found = ContainerBundle.Discover("onboot", root);
            Assert.Equal(["a", "b", "c"], found.Select(b => b.Name));
            Assert.Null(found[0].Problem());
            Assert.Contains("has no config.json", found[1].Problem()?.ToString());
            Assert.Empty(ContainerBundle.Discover("services", root));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
