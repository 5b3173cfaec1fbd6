using ShimV2.Serve;

namespace Tests.UnitShimV2;

/// <summary>The primer in this very process (root, as the tests run): its thread runs while a create may be under
/// way and ends after its hold; the writes move the process nowhere (it stays in each of its cgroups).</summary>
public sealed class MigrationPrimerTests
{
    [Fact]
    public async Task It_primes_for_its_hold_then_ends_and_leaves_the_process_where_it_was()
    {
        var before = await File.ReadAllTextAsync("/proc/self/cgroup");
        // each call moves the deadline on (a loaded machine may start the thread late); still one thread
        var seen = DateTime.UtcNow.AddSeconds(2);
        do
        {
            MigrationPrimer.Prime();
            await Task.Delay(2);
        }
        while (PrimerThreads() == 0 && DateTime.UtcNow < seen);
        MigrationPrimer.Prime();
        Assert.Equal(1, PrimerThreads());
        var until = DateTime.UtcNow.AddSeconds(5);
        while (PrimerThreads() > 0 && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Equal(0, PrimerThreads());
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/self/cgroup"));
    }

    private static int PrimerThreads() => Directory.EnumerateDirectories("/proc/self/task").Count(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim() == "cgroup primer";
        }
        catch (IOException)
        {
            return false; // the thread ended while we looked
        }
    });
}
