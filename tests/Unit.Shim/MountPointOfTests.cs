using Shim.Stage2;

namespace Tests.UnitShim;

public sealed class MountPointOfTests
{
    private const string Mountinfo =
        "22 1 0:21 / / rw,relatime shared:1 - rootfs rootfs rw\n" +
        "23 22 0:22 / /var rw shared:2 - tmpfs tmpfs rw\n" +
        "24 22 0:23 / /var/lib\\040data rw shared:3 - tmpfs tmpfs rw\n" +
        "25 22 0:24 / /run rw shared:4 - tmpfs tmpfs rw\n";

    [Theory]
    [InlineData("/containers/services/web/rootfs", "/")]
    [InlineData("/var", "/var")]
    [InlineData("/var/x/y", "/var")]
    [InlineData("/variable", "/")]
    [InlineData("/var/lib data/z", "/var/lib data")]
    [InlineData("/run/containers/web", "/run")]
    public void The_longest_mount_point_holding_the_path_wins(string path, string point) =>
        Assert.Equal(point, MountPointOf.Find(path, Mountinfo));
}
