using Builder;
using Builder.Packages;

namespace Tests.UnitBuilder.Packages;

/// <summary>A recipe's mistakes are errors at their file, line, column and key.</summary>
public sealed class RecipeErrorTests
{
    private const string File = "images/pkg/web/build.yml";

    private static string Failure(string yaml) =>
        Assert.Throws<BuildFailure>(() => RecipeReader.Parse(yaml, "images/pkg/web", File)).Message;

    [Theory]
    [InlineData("image: other", "images/pkg/web/build.yml:1:8: image: image \"other\" must equal the recipe's directory name \"web\"")]
    [InlineData("debian: [ab]", "images/pkg/web/build.yml:1:1: (top): missing required key \"image\"")]
    [InlineData("image: web\ndebiann: [ab]", "images/pkg/web/build.yml:2:1: debiann: unknown key (did you mean \"debian\"?)")]
    [InlineData("image: web\ndebian: [nginx, Bad_Name]", "images/pkg/web/build.yml:2:17: debian[1]: invalid Debian package name \"Bad_Name\"")]
    [InlineData("image: web\ndebian: [nginx, nginx]", "images/pkg/web/build.yml:2:17: debian[1]: package \"nginx\" is listed twice")]
    [InlineData("image: web\nbusybox: yes", "images/pkg/web/build.yml:2:10: busybox: expected true or false, found \"yes\"")]
    [InlineData("image: web\nusers:\n  - {name: www-data, uid: 33}", "images/pkg/web/build.yml:3:5: users[0]: missing required key \"gid\"")]
    [InlineData("image: web\nusers:\n  - {name: www-data, uid: -1, gid: 33}", "images/pkg/web/build.yml:3:27: users[0].uid: expected a non-negative number, found \"-1\"")]
    [InlineData("image: web\nremove: [../etc]", "images/pkg/web/build.yml:2:10: remove[0]: expected a path inside the image, found \"../etc\"")]
    [InlineData("image: web\nimageConfig:\n  entrypoint: /bin/sh", "images/pkg/web/build.yml:3:15: imageConfig.entrypoint: expected a list, found a scalar")]
    [InlineData("image: web\nconfig:\n  capabilities: [CAP_NOPE]", "images/pkg/web/build.yml:3:18: config.capabilities[0]: unknown capability \"CAP_NOPE\"")]
    [InlineData("image: web\nconfig:\n  name: web", "images/pkg/web/build.yml:3:9: config.name: name cannot be set in a label")]
    [InlineData("image: web\nconfig:\n  pid: hots", "images/pkg/web/build.yml:3:8: config.pid: ")]
    [InlineData("image: web\ndebian: [a\n", "images/pkg/web/build.yml:")]
    public void ErrorsNameTheLineColumnAndKey(string yaml, string expected) => Assert.StartsWith(expected, Failure(yaml));

    [Fact]
    public void TheConfigBecomesTheLabelAsJson()
    {
        var r = RecipeReader.Parse("image: web\nconfig:\n  pid: host\n  capabilities: [CAP_NET_BIND_SERVICE]\n  readonly: true\n", "images/pkg/web", File);
        Assert.Equal("{\"pid\":\"host\",\"capabilities\":[\"CAP_NET_BIND_SERVICE\"],\"readonly\":true}", r.LabelJson);
        var config = PackageBuild.ImageConfigJson(r).ToJsonString();
        Assert.Contains("\"Labels\":{\"org.mobyproject.config\":", config);
        Assert.Contains("\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]", config);
    }
}
