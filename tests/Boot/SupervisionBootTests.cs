using System.Globalization;
using System.Text.RegularExpressions;

namespace Tests.Boot;

/// <summary>images/test-supervise.yml: restarts with growing delays and the burst limit, <c>after</c> ordering,
/// and a service that ignores SIGTERM killed with SIGKILL at its stopTimeout during poweroff. One boot.</summary>
public sealed partial class SupervisionBootTests
{
    [Fact]
    public void Services_restart_with_backoff_start_in_after_order_and_stop_with_escalation()
    {
        using var image = BootImage.Build("test-supervise");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        AssertBackoff(log);
        log.AssertInOrder("after + readiness: early waits until late signals ready on fd 3",
            "service early: waiting for late",
            "service late: started",
            "service late: ready",
            "service early: started",
            "early \\| MARK-EARLY");
        log.AssertInOrder("stubborn ignores SIGTERM: SIGKILL at its stopTimeout, then the shutdown goes on",
            "stubborn \\| MARK-STUBBORN",
            "shutdown: stopping services",
            "service stubborn: still running 2 s after SIGTERM: sending SIGKILL to the container",
            "service stubborn: (exit status 137|killed by SIGKILL \\(137\\))",
            "shutdown: service stubborn stopped",
            "shutdown: powering off");
        log.AssertInOrder("shutdown stops the last started first: early (after late) before late",
            "shutdown: stopping services",
            "shutdown: service early stopped",
            "shutdown: service late stopped");
        log.AssertAbsent("stubborn is not restarted", "service stubborn: restarting");
    }

    /// <summary>Delays 1, 2, 4 s from each exit to the next start (console timestamps), then 4 (the cap), then FAILED.</summary>
    private static void AssertBackoff(ConsoleLog log)
    {
        var lines = log.Lines;
        var exits = Times(lines, "service crash: exit status 3");
        var starts = Times(lines, "service crash: started");
        if (starts.Count != 5 || exits.Count != 5)
            log.Fail($"crash: expected 5 starts and 5 exits (4 restarts), found {starts.Count} and {exits.Count}");
        double[] expected = [1, 2, 4, 4];
        for (var i = 0; i < expected.Length; i++)
        {
            var gap = (starts[i + 1] - exits[i]).TotalSeconds;
            // The timer is in the guest; spawning the shim adds a little. Under TCG allow 1.5 s late.
            if (gap < expected[i] - 0.1 || gap > expected[i] + 1.5)
                log.Fail($"crash: restart {i + 1} came {gap:F2} s after the exit, expected about {expected[i]} s");
        }
        log.AssertInOrder("burst limit",
            "service crash: restarting in 1 s \\(restart 1\\)",
            "service crash: restarting in 2 s \\(restart 2\\)",
            "service crash: restarting in 4 s \\(restart 3\\)",
            "service crash: restarting in 4 s \\(restart 4\\)",
            "ERR\\] service crash: FAILED: restarted 4 times in 60 s, giving up");
        log.AssertAbsent("no restart after giving up", "restart 5\\)");
    }

    private static List<TimeSpan> Times(IReadOnlyList<string> lines, string message) =>
        lines.Where(l => l.Contains(message, StringComparison.Ordinal))
            .Select(l => Stamp().Match(l))
            .Where(m => m.Success)
            .Select(m => TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture))
            .ToList();

    [GeneratedRegex(@"^\[(\d\d:\d\d:\d\d\.\d\d\d) ")]
    private static partial Regex Stamp();
}
