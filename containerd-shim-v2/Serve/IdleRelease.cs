namespace ShimV2.Serve;

/// <summary>
/// A shim spends its life waiting for its task to end, yet its Rss keeps what its calls touched: the GC heap
/// and the pages of our executable (about 4 MiB). Once no call came for <see cref="QuietMs"/>, a compacting
/// collection returns the heap's free space and the executable's clean pages go back to the page cache
/// (<see cref="Linux.CleanPages"/>, as the runtime's supervisor does); the next call faults what it needs back
/// in from there. The quiet time keeps it out of a task's start: containerd's calls come in bursts.
/// </summary>
internal static class IdleRelease
{
    private const int QuietMs = 300;

    private static readonly Timer Timer = new(_ => Release(), null, Timeout.Infinite, Timeout.Infinite);

    /// <summary>A call came: the release waits for the next quiet time.</summary>
    public static void Touch() => Timer.Change(QuietMs, Timeout.Infinite);

    private static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Linux.CleanPages.ReleaseExecutable(Environment.ProcessPath ?? "");
    }
}
