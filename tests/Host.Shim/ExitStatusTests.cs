using System.Diagnostics;

namespace Tests.HostShim;

public sealed class ExitStatusTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    public static TheoryData<int> Codes() =>
        [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 32, 42, 63, 64, 99, 100, 101, 120, 124, 125, 126, 127, 128, 129,
         130, 137, 143, 150, 191, 192, 200, 222, 240, 250, 253, 254, 255];

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_containers_exit_code_comes_back(int code)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", $"exit {code}"]);
        var result = Runner.Shim(bundle.Dir, $"exit{code}");
        Assert.True(code == result.ExitCode, result.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(15)]
    public void Death_by_signal_n_gives_128_plus_n(int signal)
    {
        // Without a pid namespace: pid 1 of a namespace is immune to signals it does not handle.
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", $"kill -{signal} $$"], Bundle.WithoutPidNamespace);
        var result = Runner.Shim(bundle.Dir, $"sig{signal}");
        Assert.True(128 + signal == result.ExitCode, result.ToString());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(12)]
    public void Signals_to_the_shim_reach_the_container(int signal)
    {
        using var bundle = Bundle.Create(fixture.Rootfs,
            ["sh", "-c", $"trap 'echo got; exit {signal + 50}' {signal}; echo ready; while true; do sleep 0.05; done"]);
        var result = Runner.Shim(bundle.Dir, $"fwd{signal}", p =>
        {
            WaitForLine(p, TimeSpan.FromSeconds(10));
            Linux.Native.Signal.kill(p.Id, signal);
        });
        Assert.True(signal + 50 == result.ExitCode, result.ToString());
    }

    /// <summary>The container prints "ready" once its trap is set; the stdout reader is already
    /// draining the pipe, so poll /proc for the container's sleep child instead.</summary>
    internal static void WaitForLine(Process shim, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            if (HasSleepingGrandchild(shim.Id)) return;
            Thread.Sleep(20);
        }
        throw new TimeoutException("the container did not start its loop within " + deadline);
    }

    private static bool HasSleepingGrandchild(int shimPid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat.Contains("(sleep)", StringComparison.Ordinal)) continue;
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                var grand = File.ReadAllText($"/proc/{parent}/stat");
                if (int.Parse(grand[(grand.LastIndexOf(')') + 2)..].Split(' ')[1]) == shimPid) return true;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // a process that ended while we looked
            }
        }
        return false;
    }
}
