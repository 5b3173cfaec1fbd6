namespace Tests.HostShim;

/// <summary>A shim whose parent ignored a signal (nohup, a shell's <c>trap '' SIG</c>, a daemon that
/// ignores SIGHUP) still forwards it: execve keeps SIG_IGN, and .NET's PosixSignalRegistration leaves
/// an ignored signal ignored.</summary>
public sealed class IgnoredSignalTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void A_shim_started_under_nohup_forwards_SIGHUP()
    {
        if (!File.Exists("/usr/bin/nohup")) throw new InvalidOperationException("nohup is needed: apt-get install coreutils");
        // nohup sets SIGHUP to SIG_IGN and execs the shim: same pid, the signal ignored on arrival.
        AssertForwarded(Linux.Native.Signal.SIGHUP, "/usr/bin/nohup", [ShimFixture.ShimPath]);
    }

    /// <summary>SIGINT and SIGQUIT are also the ones the .NET runtime handles itself from the start.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(15)]
    [InlineData(10)]
    public void A_signal_ignored_by_the_shims_parent_is_forwarded(int signal) =>
        AssertForwarded(signal, "/bin/sh", ["-c", $"trap '' {signal}; exec \"$0\" \"$@\"", ShimFixture.ShimPath]);

    private void AssertForwarded(int signal, string file, string[] prefix)
    {
        using var bundle = Bundle.Create(fixture.Rootfs,
            ["sh", "-c", $"trap 'exit {signal + 50}' {signal}; echo ready; while true; do sleep 0.05; done"]);
        var result = Runner.Run(file, [.. prefix, "run", "--bundle", bundle.Dir, $"ign{signal}"], p =>
        {
            ExitStatusTests.WaitForLine(p, TimeSpan.FromSeconds(10));
            Linux.Native.Signal.kill(p.Id, signal);
        });
        Assert.True(result.ExitCode == signal + 50, result.ToString());
    }
}
