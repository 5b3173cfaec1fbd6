using ShimV2;

namespace Tests.UnitShimV2;

public sealed class ShimFlagsTests
{
    [Fact]
    public void Containerd_16s_start_command_line_parses()
    {
        var flags = ShimFlags.Parse(["-namespace", "default", "-address", "/run/containerd/containerd.sock",
            "-publish-binary", "/usr/bin/containerd", "-id", "c1", "-debug", "start"], out var error);
        Assert.Equal("", error);
        Assert.Equal(new ShimFlags("default", "/run/containerd/containerd.sock", "/usr/bin/containerd", "c1", null, true, "start"), flags);
    }

    [Fact]
    public void Delete_takes_the_bundle_and_go_style_equals_values()
    {
        var flags = ShimFlags.Parse(["--namespace=k8s.io", "-address", "a", "-id=c2", "-bundle", "/b", "delete"], out _);
        Assert.Equal(("k8s.io", "c2", "/b", "delete"), (flags!.Namespace, flags.Id, flags.Bundle, flags.Action));
    }

    [Theory]
    [InlineData("-namespace n -id x", "expected an action (start, delete), got ''")]
    [InlineData("-namespace n -id x stop", "expected an action (start, delete), got 'stop'")]
    [InlineData("-id x start", "start: flag -namespace is missing")]
    [InlineData("-namespace n -id", "flag -id needs a value")]
    [InlineData("-namespace n -id x -bogus start", "unknown flag '-bogus'")]
    public void Bad_command_lines_say_what_is_wrong(string line, string expected)
    {
        Assert.Null(ShimFlags.Parse(line.Split(' '), out var error));
        Assert.StartsWith(expected, error);
    }
}
