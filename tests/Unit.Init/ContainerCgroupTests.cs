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
    // What the shim refuses starts no container: nothing to kill.
    [InlineData("{\"linux\":{\"cgroupsPath\":\"/a/../b\"}}", null)]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"system.slice:cinit:web\"}}", null)]
    [InlineData("{\"linux\":{\"cgroupsPath\":\"/\"}}", null)]
    public void The_directory_is_the_one_the_shim_uses(string config, string? expected) =>
        Assert.Equal(expected, ContainerCgroup.DirectoryOf(Encoding.UTF8.GetBytes(config), "web"));

    [Fact]
    public void A_group_that_does_not_exist_is_not_populated() =>
        Assert.False(ContainerCgroup.IsPopulated("/sys/fs/cgroup/no-such-group-" + Guid.NewGuid().ToString("N")));
}
