using Linux.Native;
using Oci;

namespace Tests.HostInit;

/// <summary>init as PID 1 in namespaces: orphans at scale, restarts and the burst limit, stop escalation.</summary>
public sealed class SupervisionTests
{
    private const int Orphans = 1000;

    [Fact]
    public void AThousandOrphanedGrandchildrenAreAllReaped()
    {
        using var root = InitRoot.Create();
        // No pid namespace: the sleeps outlive the shell and the shim and are handed to init. Each is
        // started by a subshell that exits at once, so it is an orphan from its first instant: with
        // `sleep 2 &` straight from the loop, a loaded machine took over 2 s to fork them all and the
        // shell itself reaped the first ones (878 of 1000 reached init at load 20).
        root.AddContainer("onboot", "000-orphans",
            $"i=0; while [ $i -lt {Orphans} ]; do (sleep 2 &); i=$((i+1)); done; echo orphans-made", pidNamespace: false);
        using var init = InitUnderTest.Start(root, debug: true);
        init.WaitFor("onboot orphans: exit status 0", TimeSpan.FromSeconds(60));
        init.WaitFor("boot: services started");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Reaped(init) < Orphans && DateTime.UtcNow < until) Thread.Sleep(100);
        Assert.True(Reaped(init) == Orphans, $"{Reaped(init)} of {Orphans} orphans reaped");
        Assert.Empty(init.ZombieChildren());
        // init is still responsive: it powers off on request.
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    [Fact]
    public void ACrashingServiceIsRestartedWithBackoffUntilTheBurstLimit()
    {
        using var root = InitRoot.Create();
        var policy = new InitPolicy { RestartDelayMs = 100, RestartMaxDelayMs = 400, RestartLimit = 3 };
        root.AddContainer("services", "crash", "echo crashing; exit 3", policy: policy);
        using var init = InitUnderTest.Start(root);
        init.WaitFor("service crash: FAILED: restarted 3 times in 60 s, giving up");
        var log = init.Log;
        // Messages carry the whole console, so a failure under load says what happened.
        foreach (var line in new[] { "restarting in 0.1 s (restart 1)", "restarting in 0.2 s (restart 2)", "restarting in 0.4 s (restart 3)" })
            Assert.True(log.Contains("service crash: " + line, StringComparison.Ordinal), $"no \"{line}\" in:\n{log}");
        var exits = log.Split('\n').Count(l => l.Contains("service crash: exit status 3"));
        Assert.True(exits == 4, $"{exits} exits with status 3, expected 4 (1 + 3 restarts):\n{log}");
        Thread.Sleep(1000);
        Assert.False(init.Log.Contains("restart 4)", StringComparison.Ordinal), $"restarted after giving up:\n{init.Log}");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    [Fact]
    public void AServiceIgnoringItsStopSignalIsKilledWholeAtStopTimeout()
    {
        using var root = InitRoot.Create();
        root.AddContainer("services", "stubborn", "trap '' TERM; echo stubborn-up; while true; do sleep 0.2; done",
            policy: new InitPolicy { StopTimeoutMs = 1000, Restart = InitPolicyRestart.Never });
        using var init = InitUnderTest.Start(root);
        init.WaitFor("stubborn \\| stubborn-up");
        init.Signal(Signal.SIGUSR2);
        var kill = init.WaitFor("service stubborn: still running 1 s after SIGTERM: sending SIGKILL to the container");
        var killed = init.WaitFor("service stubborn: (exit status 137|killed by SIGKILL \\(137\\))");
        var stopped = init.WaitFor("shutdown: service stubborn stopped");
        Assert.True(kill < killed && killed < stopped, init.Log);
        init.WaitFor("shutdown: powering off");
    }

    [Fact]
    public void AnOnbootContainerPastItsTimeoutIsKilledAndTheBootGoesOn()
    {
        using var root = InitRoot.Create();
        root.AddContainer("onboot", "000-hang", "echo hanging; sleep 1000", policy: new InitPolicy { TimeoutMs = 1000 });
        root.AddContainer("onboot", "001-next", "echo next-ran");
        using var init = InitUnderTest.Start(root);
        var failed = init.WaitFor(@"ERR\] onboot hang: FAILED: still running after 1 s: killed it");
        var next = init.WaitFor("onboot next: exit status 0");
        Assert.True(failed < next, init.Log);
        init.WaitFor("boot: onboot done");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    [Fact]
    public void OnFailurePoweroffEndsTheBootThroughTheShutdownSequence()
    {
        using var root = InitRoot.Create();
        root.AddContainer("onboot", "000-bad", "exit 4", policy: new InitPolicy { OnFailure = InitPolicyOnFailure.Poweroff });
        root.AddContainer("onboot", "001-never", "echo never-ran");
        using var init = InitUnderTest.Start(root);
        init.WaitFor(@"ERR\] onboot bad: FAILED: exit status 4");
        init.WaitFor("onboot bad: onFailure is poweroff: powering off");
        init.WaitFor("shutdown: poweroff requested by onboot bad failing");
        init.WaitFor("shutdown: powering off");
        Assert.DoesNotContain("never-ran", init.Log);
        Assert.DoesNotContain("boot: onboot done", init.Log);
    }

    [Fact]
    public void OnFailureShellSaysSoWhenTheImageHasNoShell()
    {
        using var root = InitRoot.Create();
        root.AddContainer("onboot", "000-bad", "exit 4", policy: new InitPolicy { OnFailure = InitPolicyOnFailure.Shell });
        using var init = InitUnderTest.Start(root);
        init.WaitFor("onboot bad: onFailure is shell, but the image has no /bin/sh: going on with the boot");
        init.WaitFor("boot: onboot done");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    private static int Reaped(InitUnderTest init) =>
        init.Log.Split('\n').Count(l => l.Contains("reaped orphan pid") && l.Contains("exit status 0"));
}
