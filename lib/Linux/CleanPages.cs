namespace Linux;

/// <summary>
/// Lets go of the clean pages a process has of its own executable (MADV_DONTNEED on every run of present,
/// file-backed pages): the page cache keeps them for the other processes running the same file, and what
/// is needed again faults back in from there. Only clean pages qualify, and /proc/self/pagemap says which:
/// a page still backed by the file has bit 61 set, a private copy that start-up wrote (copy-on-write data)
/// has not, and DONTNEED would throw its contents away. Best effort: a mapping that cannot be read or
/// advised is simply left resident. Used by the runtime's supervisor and the v2 shim once they idle.
/// </summary>
public static unsafe class CleanPages
{
    private const int MADV_DONTNEED = 4;
    private const ulong PagePresent = 1UL << 63;
    private const ulong PageFileOrShared = 1UL << 61;
    private const int EntriesPerRead = 512;

    /// <summary>Releases the clean pages of <paramref name="exe"/>'s mappings in this process.</summary>
    public static void ReleaseExecutable(string exe)
    {
        List<(ulong Start, ulong End)> mappings;
        try
        {
            mappings = ExecutableMappings(exe);
        }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        var pagemap = Native.Fcntl.open("/proc/self/pagemap", Native.Fcntl.O_RDONLY | Native.Fcntl.O_CLOEXEC, 0);
        if (pagemap < 0) return;
        foreach (var (start, end) in mappings) ReleaseCleanPages(pagemap, start, end);
        Native.Fcntl.close(pagemap);
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
