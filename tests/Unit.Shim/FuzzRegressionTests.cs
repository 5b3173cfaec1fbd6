using System.Text;
using Linux;
using Shim.Config;

namespace Tests.UnitShim;

/// <summary>What tests/Unit.Fuzz found in the config.json reader: each is now an error naming the field.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Bundle = CreateBundle();

    private static string CreateBundle()
    {
        var dir = Directory.CreateTempSubdirectory("fuzz-regress-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "rootfs"));
        return dir;
    }

    private static string Refusal(byte[] json) =>
        Assert.Throws<SysException>(() => ContainerConfig.FromSpec(Bundle, ConfigJson.Parse(json, "config.json"))).Error.ToString();

    private static byte[] Config(string mounts, string linux = "{}") => Encoding.UTF8.GetBytes(
        $"{{\"ociVersion\":\"1.0.2\",\"process\":{{\"user\":{{\"uid\":0,\"gid\":0}},\"args\":[\"/bin/true\"],\"cwd\":\"/\"}},\"root\":{{\"path\":\"rootfs\"}},\"mounts\":{mounts},\"linux\":{linux}}}");

    [Fact]
    public void A_null_mount_destination_is_missing() =>
        Assert.Equal("mounts[0].destination: missing", Refusal(Config("[{\"destination\":null,\"type\":\"tmpfs\"}]")));

    [Fact]
    public void A_mount_string_that_is_not_utf8_names_its_field()
    {
        var json = Config("[{\"destination\":\"/m\",\"type\":\"XX\"}]");
        var at = Encoding.UTF8.GetString(json).IndexOf("XX", StringComparison.Ordinal);
        (json[at], json[at + 1]) = (0xff, 0xfe);
        Assert.Contains("mounts[0].type", Refusal(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_resources_string_that_is_not_utf8_names_linux_resources()
    {
        var json = Config("[]", "{\"resources\":{\"blockIO\":{\"weightDevice\":[]},\"unified\":{\"XX\":\"1\"}}}");
        var at = Encoding.UTF8.GetString(json).IndexOf("XX", StringComparison.Ordinal);
        (json[at], json[at + 1]) = (0xff, 0xfe);
        Assert.StartsWith("linux.resources", Refusal(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"devices\":[null]}", "linux.devices[0]: null")]
    [InlineData("{\"devices\":[{\"type\":\"c\",\"path\":null,\"major\":1,\"minor\":3}]}", "linux.devices[0].path: missing")]
    public void A_null_device_or_device_path_is_named(string linux, string expected) =>
        Assert.Equal(expected, Refusal(Config("[]", linux)));
}
