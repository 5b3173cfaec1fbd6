namespace Shim.Stage1;

/// <summary>
/// Once the container runs, the shim only waits in waitid and forwards the odd signal, yet its Rss still
/// counts what start-up left behind: the GC heap that reading the bundle filled (about 1 MiB) and every page
/// of our own static executable that start-up touched (text, read-only data and data: about 2.3 MiB). Both
/// can go. A compacting, aggressive collection hands the heap's free space back to the kernel. MADV_DONTNEED
/// unmaps clean pages of the executable from this process: the page cache keeps them for the other shims,
/// and the few that the wait and a signal forward need fault back in from it. Only clean pages qualify, and
/// /proc/self/pagemap says which: a page still backed by the file has bit 61 set, a private copy that start-up
/// wrote (copy-on-write data) has not, and DONTNEED would throw its contents away (tried: the shim aborted).
/// The pages are let go last, after the collection and the parsing, so that code does not fault back in.
/// None of it happens for a container that ends within <see cref="SettleMs"/> (`/bin/true`, most onboot
/// steps): its exit would otherwise wait for the collection and the scan (about 1 ms of CPU). The wait is
/// short because a service's shim is at its largest until the release: with 100 ms, a boot of 10 services
/// read every shim at 5.85 MiB Rss 50 ms after the last start, and their releases landed in what should
/// have been 10 idle seconds (bench/boot-host.sh: 28 context switches).
/// </summary>
internal static unsafe class IdleFootprint
{
    private const int SettleMs = 10;

    /// <summary>Best effort: a mapping that cannot be read or advised is simply left resident.</summary>
    public static void ReleaseStartupMemory(int containerPid)
    {
        if (Runtime.ProcessWait.ForExit(containerPid, SettleMs)) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Linux.CleanPages.ReleaseExecutable(Environment.ProcessPath ?? "");
    }
}
