namespace Tests.HostShim;

/// <summary>process.terminal: without --console-socket the shim refuses clearly rather than running the
/// process without the terminal it asked for.</summary>
public sealed class TerminalTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void A_terminal_without_a_console_socket_is_refused_clearly()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh"], s => s with { Process = s.Process! with { Terminal = true } });
        var result = Runner.Shim(bundle.Dir, "tty-nosocket");
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("containerd-shim: tty-nosocket: terminal: process.terminal is true but no --console-socket was given", result.Stderr);
    }
}
