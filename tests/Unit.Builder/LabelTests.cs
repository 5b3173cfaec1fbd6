using Builder;
using Builder.Images;
using static Tests.UnitBuilder.SpecSupport;

namespace Tests.UnitBuilder;

/// <summary>An image's <c>org.mobyproject.config</c> label gives the container's defaults; the YAML overrides key by
/// key, and <c>capabilities.add</c>/<c>binds.add</c> add to the label's lists (LinuxKit's ConfigToOCI).</summary>
public sealed class LabelTests
{
    private static ImageConfig Labelled(string json) =>
        Bare with { Labels = new Dictionary<string, string> { ["org.mobyproject.config"] = json } };

    private static readonly ImageConfig Image = Labelled(
        "{\"capabilities\":[\"CAP_SYS_ADMIN\"],\"binds\":[\"/a:/a\"],\"net\":\"new\",\"readonly\":true,\"command\":[\"/label\"]," +
        "\"sysctl\":{\"k\":\"1\"},\"runtime\":{\"mkdir\":[\"/var/l\"],\"cgroups\":[\"label\"]},\"restart\":\"never\"}");

    [Theory]
    [InlineData("", "process/capabilities/effective", "[\"CAP_SYS_ADMIN\"]")]
    [InlineData("", "process/args", "[\"/label\"]")]
    [InlineData("", "root/readonly", "true")]
    [InlineData("", "linux/sysctl", "{\"k\":\"1\"}")]
    [InlineData("", "linux/namespaces", "[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"mount\"}]")]
    [InlineData("", "mounts/0/destination", "\"/a\"")]
    [InlineData("capabilities: [CAP_KILL]", "process/capabilities/effective", "[\"CAP_KILL\"]")]
    [InlineData("capabilities.add: [CAP_KILL]", "process/capabilities/effective", "[\"CAP_SYS_ADMIN\",\"CAP_KILL\"]")]
    [InlineData("capabilities.add: [CAP_SYS_ADMIN]", "process/capabilities/effective", "[\"CAP_SYS_ADMIN\"]")]
    [InlineData("binds.add: [/b:/b]", "mounts/1/destination", "\"/b\"")]
    [InlineData("binds.add: [/b:/b]", "mounts/0/destination", "\"/a\"")]
    [InlineData("binds: [/b:/b]", "mounts/0/destination", "\"/b\"")]
    [InlineData("readonly: false", "root/readonly", "false")]
    [InlineData("command: [/yaml]", "process/args", "[\"/yaml\"]")]
    [InlineData("net: host", "linux/namespaces", "[{\"type\":\"pid\"},{\"type\":\"mount\"}]")]
    [InlineData("sysctl: {j: \"2\"}", "linux/sysctl", "{\"j\":\"2\"}")]
    public void YamlOverridesTheLabel(string keys, string path, string expected) => Assert.Equal(expected, Field(Create(keys, Image), path));

    [Fact]
    public void RuntimeAndSupervisionKeysMergePerKey()
    {
        var policy = Policy(Create("runtime:\n  mkdir: [/var/y]", Image));
        Assert.Equal(["/var/y"], policy.Runtime!.Mkdir);
        Assert.Equal(["label"], policy.Runtime.Cgroups);
        Assert.Equal(Oci.InitPolicyRestart.Never, policy.Restart);
    }

    [Theory]
    [InlineData("{\"name\":\"x\"}", "image i: label org.mobyproject.config:1:9: name: name cannot be set in a label")]
    [InlineData("{\"image\":\"x\"}", "image i: label org.mobyproject.config:1:10: image: image cannot be set in a label")]
    [InlineData("{\"capabilities\":\"CAP_KILL\"}", "image i: label org.mobyproject.config:1:17: capabilities: expected a list of CAP_ names, \"all\" or \"none\"")]
    [InlineData("{\"comand\":[\"x\"]}", "image i: label org.mobyproject.config:1:2: comand: unknown key (did you mean \"command\"?)")]
    [InlineData("{\"after\":[\"x\"]}", "image i: label org.mobyproject.config:1:10: after: after, readiness, timeout and onFailure belong in the YAML, not in an image's label")]
    [InlineData("{\"net\":", "image i: label org.mobyproject.config:2:1: While parsing a node, did not find expected node content.")]
    public void BadLabelsNameTheImageAndThePlaceInTheLabel(string json, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => Create("", Labelled(json))).Message);
}
