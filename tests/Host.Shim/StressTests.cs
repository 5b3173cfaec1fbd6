using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Tests.HostShim;

/// <summary>
/// Many container starts in a row with the shim's GC under pressure (a 64 KiB gen0 budget makes it
/// collect constantly, which is what once hung forked C# children): none may hang, and nothing may be
/// left behind — mounts, /run/containers entries, zombies, or fds in a supervising shim. The default
/// count keeps CI short; CINIT_STRESS_RUNS=1000 is the full run.
/// </summary>
[Collection(HostQuietCollection.Name)]
public sealed partial class StressTests(ShimFixture fixture, ITestOutputHelper output) : IClassFixture<ShimFixture>
{
    private static readonly TimeSpan PerRunDeadline = TimeSpan.FromSeconds(15);

    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("CINIT_STRESS_RUNS"), out var n) && n > 0 ? n : 150;

    [Fact]
    public void Many_starts_under_GC_pressure_hang_never_and_leak_nothing()
    {
        var id = $"stress-{Environment.ProcessId}";
        using var plain = Bundle.Create(fixture.Rootfs, ["true"]);
        // Every other run gets the writable layer: a tmpfs and an overlay under /run/containers/ID.
        using var layered = Bundle.Create(fixture.Rootfs, ["true"], s => s with { Annotations = new() { ["org.cinit.writable-layer"] = "true" } });
        var fdsBefore = SupervisingShimFds(id + "-fds");
        var before = HostSnapshot.Take();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            var result = RunUnderPressure(i % 2 == 0 ? plain.Dir : layered.Dir, $"{id}-{i}");
            Assert.True(result.ExitCode == 0, $"run {i}: {result}");
        }
        var elapsed = clock.Elapsed;
        Assert.Empty(HostSnapshot.Take().LeftSince(before, id, Path.GetDirectoryName(fixture.Rootfs)!, plain.Dir, layered.Dir, "/run/containers/" + id));
        Assert.Empty(HostSnapshot.ProcessesNaming(id));
        var fdsAfter = SupervisingShimFds(id + "-fds2");
        Assert.True(fdsBefore.SequenceEqual(fdsAfter), $"a supervising shim's fds changed:\nbefore: {string.Join(", ", fdsBefore)}\nafter:  {string.Join(", ", fdsAfter)}");
        output.WriteLine($"stress: {Runs} starts in {elapsed.TotalSeconds:F1} s ({elapsed.TotalMilliseconds / Runs:F1} ms each)");
    }

    private static RunResult RunUnderPressure(string bundle, string id)
    {
        using var p = Start(bundle, id);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(PerRunDeadline))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"container {id} did not end within {PerRunDeadline.TotalSeconds} s (hang)");
        }
        p.WaitForExit();
        return new RunResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static Process Start(string bundle, string id)
    {
        var psi = new ProcessStartInfo(ShimFixture.ShimPath) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "run", "--bundle", bundle, id }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_GCgen0size"] = "10000"; // hex: 64 KiB
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the shim");
        p.StandardInput.Close();
        return p;
    }

    /// <summary>The fds of a shim that supervises a sleeping container, as "fd -> target" with inode
    /// numbers taken out, so two shims compare equal when they hold the same kinds of fds.</summary>
    private List<string> SupervisingShimFds(string id)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "trap 'exit 0' TERM; echo up; sleep 30 & wait"]);
        using var p = Start(bundle.Dir, id);
        try
        {
            var up = p.StandardOutput.ReadLineAsync();
            Assert.True(up.Wait(PerRunDeadline) && up.Result == "up", "the sleeping container did not start");
            // The container can print before the shim has read the end of the sync socket, closed it
            // and let go of its pages (reading its own /proc files): give it until the deadline to settle.
            var fds = Fds(p.Id);
            for (var settle = Stopwatch.StartNew(); settle.Elapsed < PerRunDeadline && !Idle(fds); Thread.Sleep(100))
                fds = Fds(p.Id);
            Assert.True(Idle(fds), "a supervising shim keeps: " + string.Join(", ", fds));
            Assert.Empty(HostSnapshot.ZombieChildrenOf(p.Id));
            return fds;
        }
        finally
        {
            Linux.Native.Signal.kill(p.Id, Linux.Native.Signal.SIGTERM);
            if (!p.WaitForExit(PerRunDeadline)) p.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Not yet idle while it holds the sync socket, a /proc file, or the pidfd of the short wait
    /// before it lets go of its start-up pages (IdleFootprint), which a loaded machine stretches; "?" is
    /// an fd closed between listing and reading it, so still changing.</summary>
    private static bool Idle(List<string> fds) =>
        !fds.Any(f => f.Contains("socket", StringComparison.Ordinal) || f.Contains("-> /proc/", StringComparison.Ordinal) || f.Contains("[pidfd]", StringComparison.Ordinal) || f.EndsWith("-> ?", StringComparison.Ordinal));

    private static List<string> Fds(int pid) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => $"{Path.GetFileName(fd)} -> {Inode().Replace(new FileInfo(fd).LinkTarget ?? "?", "[N]")}")
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Inode();
}
