using System.Text;
using Pid1.Supervision;

namespace Tests.UnitInit;

/// <summary>Which cgroup init kills when a shim dies: the one the shim puts the container into.</summary>
public sealed class ContainerCgroupTests
{
    [Theory]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"/containers/services/web\"}}", "/sys/fs/cgroup/containers/services/web")]
    // Relative paths start at the root on cgroup v2, as the shim takes them; doubled slashes are one.
    [InlineData("{\"linux\":{\"cgroupsPath\":\"podruntime//web/\"}}", "/sys/fs/cgroup/podruntime/web")]
    // Resources without a path: the shim's default, /containers/ID.
    [InlineData("{\"linux\":{\"resources\":{\"pids\":{\"limit\":5}}}}", "/sys/fs/cgroup/containers/web")]
    // Nothing asked for: the container stays in the shim's cgroup, which init must not kill.
    [InlineData("{\"linux\":{\"resources\":{}}}", null)]
    [InlineData("{\"linux\":{}}", null)]
    [InlineData("{\"process\":{}}", null)]
    public void The_directory_is_the_one_the_shim_uses(string config, string? expected)
    {
        Assert.Equal(expected, ContainerCgroup.DirectoryOf(Encoding.UTF8.GetBytes(config), "web", out var error));
        Assert.Null(error);
    }

    /// <summary>What the shim refuses starts no container: nothing to kill, and the reason is the shim's own words.</summary>
    [Theory]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"/a/../b\"}}", "config.json: linux.cgroupsPath: \"/a/../b\" must name a cgroup below the root, without . or ..")]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"/\"}}", "config.json: linux.cgroupsPath: \"/\" must name a cgroup below the root, without . or ..")]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"system.slice:cinit:web\"}}", "config.json: linux.cgroupsPath: \"system.slice:cinit:web\" is systemd's slice:prefix:name form; only cgroupfs paths are supported")]
    [InlineData("{\"linux\":", "read config.json: not valid JSON at $ (line 1)")]
    public void A_refused_or_broken_config_says_why(string config, string expected)
    {
        Assert.Null(ContainerCgroup.DirectoryOf(Encoding.UTF8.GetBytes(config), "web", out var error));
        Assert.Equal(expected, error?.ToString());
    }

    [Fact]
    public void An_unreadable_bundle_names_the_file_and_errno()
    {
        var dir = Path.Combine(Path.GetTempPath(), "no-such-bundle-" + Guid.NewGuid().ToString("N"));
        Assert.Null(ContainerCgroup.DirectoryOf(new ContainerBundle("services", dir, "web"), out var error));
        Assert.Equal($"read {dir}/config.json: ENOENT (No such file or directory)", error?.ToString());
    }

    [Fact]
    public void A_group_that_does_not_exist_is_not_populated() =>
        Assert.False(ContainerCgroup.IsPopulated("/sys/fs/cgroup/no-such-group-" + Guid.NewGuid().ToString("N")));
}
