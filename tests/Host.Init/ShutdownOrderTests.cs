using System.Globalization;
using Linux.Native;
using Oci;

namespace Tests.HostInit;

/// <summary>Shutdown stops services a level of <c>after</c> at a time, in reverse, and a level's services
/// side by side: three that ignore SIGTERM with stopTimeout 2 s take about 2 s together, not 6.</summary>
public sealed class ShutdownOrderTests
{
    [Fact]
    public void ServicesStopInParallelLevelsOfAfterInReverse()
    {
        using var root = InitRoot.Create();
        var stubborn = new InitPolicy { StopTimeoutMs = 2000, Restart = InitPolicyRestart.Never };
        foreach (var name in new[] { "a", "b", "c" })
            root.AddContainer("services", name, $"trap '' TERM; echo {name}-up; while true; do sleep 0.2; done", policy: stubborn);
        root.AddContainer("services", "d", "echo d-up; exec sleep 1000", policy: new InitPolicy { After = ["a"], Restart = InitPolicyRestart.Never });
        using var init = InitUnderTest.Start(root);
        foreach (var name in new[] { "a", "b", "c", "d" }) init.WaitFor($"{name} \\| {name}-up");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off", TimeSpan.FromSeconds(60));
        var log = init.Log;
        var dFirst = init.WaitFor("shutdown: stopping d$");
        var dStopped = init.WaitFor("shutdown: service d stopped");
        var level0 = init.WaitFor("shutdown: stopping a, b, c$");
        Assert.True(dFirst < dStopped && dStopped < level0, $"d (after a) must be down before a, b and c get their signal:\n{log}");
        var kills = new[] { "a", "b", "c" }.Select(n => init.WaitFor($"service {n}: still running 2 s after SIGTERM: sending SIGKILL")).ToList();
        var stopped = new[] { "a", "b", "c" }.Select(n => init.WaitFor($"shutdown: service {n} stopped")).ToList();
        Assert.True(kills.Max() < stopped.Min(), $"all three get SIGKILL at their own timeout, side by side:\n{log}");
        var took = TimeOf(log, init.WaitFor("shutdown: sending SIGTERM to all processes")) - TimeOf(log, level0);
        // One at a time would be 3 x 2 s; the bound is generous for a loaded machine.
        Assert.True(took < TimeSpan.FromSeconds(5), $"stopping a, b and c took {took.TotalSeconds:F1} s:\n{log}");
    }

    /// <summary>init's own timestamp of console line <paramref name="index"/>: "[HH:mm:ss.fff LVL] ...".</summary>
    private static TimeSpan TimeOf(string log, int index) =>
        TimeSpan.ParseExact(log.Split('\n')[index][1..13], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
