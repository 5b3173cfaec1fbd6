namespace Tests.HostShim;

public sealed class NamespaceTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Theory]
    [InlineData("network", "net")]
    [InlineData("uts", "uts")]
    [InlineData("ipc", "ipc")]
    [InlineData("pid", "pid")]
    public void A_namespace_given_by_path_is_joined(string type, string proc)
    {
        var host = new FileInfo($"/proc/self/ns/{proc}").LinkTarget;
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", $"readlink /proc/self/ns/{proc}"], s => s with
        {
            Hostname = type == "uts" ? null : s.Hostname,
            Linux = s.Linux! with
            {
                Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != type), new Oci.Namespace { Type = type, Path = $"/proc/{Environment.ProcessId}/ns/{proc}" }],
            },
            // Host pids are visible once in the host pid namespace; /proc then needs no new mount.
            Mounts = type == "pid" ? [.. s.Mounts!.Where(m => m.Destination != "/proc"), new Oci.Mount { Destination = "/proc", Type = "bind", Source = "/proc", Options = ["rbind"] }] : s.Mounts,
        });
        var result = Runner.Shim(bundle.Dir, $"join-{type}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(host + "\n", result.Stdout);
    }

    [Fact]
    public void New_namespaces_differ_from_the_hosts()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "for n in mnt net uts ipc pid; do readlink /proc/self/ns/$n; done"]);
        var result = Runner.Shim(bundle.Dir, "newns");
        var inside = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var host = new[] { "mnt", "net", "uts", "ipc", "pid" }.Select(n => new FileInfo($"/proc/self/ns/{n}").LinkTarget).ToArray();
        Assert.Equal(5, inside.Length);
        Assert.All(inside.Zip(host), pair => Assert.NotEqual(pair.Second, pair.First));
    }
}
