namespace Tests.HostShim;

/// <summary>runc's --preserve-fds: the shim's fds 3..3+N-1 reach the container at the same numbers (init
/// passes a service's readiness pipe this way); without it no fd above 2 leaks into the container.</summary>
public sealed class PreserveFdsTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void A_preserved_fd_reaches_the_container_and_the_sync_socket_does_not()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo ready >&3; ls /proc/self/fd | tr '\\n' ' '"]);
        var output = Path.Combine(bundle.Dir, "fd3.out");
        var result = ThroughShell($"exec 3>{output}; exec {ShimFixture.ShimPath} run --preserve-fds 1 --bundle {bundle.Dir} keepfd");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ready\n", File.ReadAllText(output));
        // 0, 1, 2, the preserved 3 and the fd ls opens for the directory; no sync socket.
        Assert.Equal("0 1 2 3 4 ", result.Stdout);
    }

    [Fact]
    public void Without_preserve_fds_an_inherited_fd_stays_outside()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo leaked >&3"]);
        var output = Path.Combine(bundle.Dir, "fd3.out");
        var result = ThroughShell($"exec 3>{output}; exec {ShimFixture.ShimPath} run --bundle {bundle.Dir} nofd");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", File.ReadAllText(output));
    }

    private static RunResult ThroughShell(string script) => Runner.Run("/bin/sh", ["-c", script]);
}
