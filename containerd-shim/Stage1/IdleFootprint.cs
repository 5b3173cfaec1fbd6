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
    private const int MADV_DONTNEED = 4;
    private const ulong PagePresent = 1UL << 63;
    private const ulong PageFileOrShared = 1UL << 61;
    private const int EntriesPerRead = 512;
    private const int SettleMs = 10;

    /// <summary>Best effort: a mapping that cannot be read or advised is simply left resident.</summary>
    public static void ReleaseStartupMemory(int containerPid)
    {
        if (Runtime.ProcessWait.ForExit(containerPid, SettleMs)) return;
        List<(ulong Start, ulong End)> mappings;
        try
        {
            mappings = ExecutableMappings(Environment.ProcessPath ?? "");
        }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pagemap = Linux.Native.Fcntl.open("/proc/self/pagemap", Linux.Native.Fcntl.O_RDONLY | Linux.Native.Fcntl.O_CLOEXEC, 0);
        if (pagemap < 0) return;
        foreach (var (start, end) in mappings) ReleaseCleanPages(pagemap, start, end);
        Linux.Native.Fcntl.close(pagemap);
    }

    /// <summary>The address ranges of /proc/self/maps lines that map <paramref name="exe"/>.</summary>
    private static List<(ulong, ulong)> ExecutableMappings(string exe)
    {
        var found = new List<(ulong, ulong)>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // start-end perms offset dev inode path
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[5].Trim() != exe) continue;
            var range = fields[0].Split('-');
            if (range.Length == 2
                && ulong.TryParse(range[0], System.Globalization.NumberStyles.HexNumber, null, out var start)
                && ulong.TryParse(range[1], System.Globalization.NumberStyles.HexNumber, null, out var end))
                found.Add((start, end));
        }
        return found;
    }

    /// <summary>Reads the range's pagemap entries in batches and advises every run of present file pages.</summary>
    private static void ReleaseCleanPages(int pagemap, ulong start, ulong end)
    {
        var pageSize = (ulong)Environment.SystemPageSize;
        var entries = stackalloc ulong[EntriesPerRead];
        ulong runStart = 0;
        for (var page = start; page < end;)
        {
            var count = (int)Math.Min((ulong)EntriesPerRead, (end - page) / pageSize);
            var bytes = Tmds.Linux.LibC.pread(pagemap, entries, (Tmds.Linux.size_t)(count * sizeof(ulong)), (Tmds.Linux.off_t)(long)(page / pageSize * sizeof(ulong)));
            if ((long)bytes != count * sizeof(ulong)) return;
            for (var i = 0; i < count; i++, page += pageSize)
            {
                var clean = (entries[i] & (PagePresent | PageFileOrShared)) == (PagePresent | PageFileOrShared);
                if (clean && runStart == 0) runStart = page;
                if (!clean && runStart != 0) Advise(ref runStart, page);
            }
        }
        if (runStart != 0) Advise(ref runStart, end);
    }

    private static void Advise(ref ulong runStart, ulong runEnd)
    {
        Tmds.Linux.LibC.madvise((void*)runStart, (Tmds.Linux.size_t)(runEnd - runStart), MADV_DONTNEED);
        runStart = 0;
    }
}
