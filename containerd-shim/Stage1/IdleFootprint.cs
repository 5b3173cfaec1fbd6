using System.Globalization;

namespace Shim.Stage1;

/// <summary>
/// Once the container runs, the shim only waits in waitid and forwards the odd signal, yet its Rss still
/// counts every page of its own 4 MB static executable that start-up touched (about 3.5 MiB of a 4.9 MiB
/// Rss, measured with smaps_rollup). Clean pages of the file can be let go: MADV_DONTNEED unmaps them from
/// this process, the page cache keeps them for the other shims, and the few that the wait and a signal
/// forward need fault back in from the cache. Only mappings of the executable with no anonymous (written,
/// copy-on-write) pages qualify — the read-only-after-relocation data has some, and DONTNEED would throw
/// their contents away (tried: the shim aborted).
/// </summary>
internal static unsafe class IdleFootprint
{
    private const int MADV_DONTNEED = 4;

    /// <summary>Best effort: a mapping that cannot be parsed or advised is simply left resident.</summary>
    public static void ReleaseExecutablePages()
    {
        try
        {
            Release(Path.GetFullPath(new FileInfo("/proc/self/exe").LinkTarget ?? ""));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Streams smaps line by line: reading it whole would grow the GC heap by more than we free.</summary>
    private static void Release(string exe)
    {
        (ulong Start, ulong End)? candidate = null;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (IsMappingHeader(line, out var fields))
            {
                candidate = fields.Length == 6 && fields[5].Trim() == exe && !fields[1].Contains('w') ? Range(fields[0]) : null;
                continue;
            }
            if (candidate is { } c && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "0")
                    Tmds.Linux.LibC.madvise((void*)c.Start, (Tmds.Linux.size_t)(c.End - c.Start), MADV_DONTNEED);
                candidate = null;
            }
        }
    }

    /// <summary>A mapping's first line: <c>start-end perms offset dev inode [path]</c>.</summary>
    private static bool IsMappingHeader(string line, out string[] fields)
    {
        fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 5 && fields[0].Contains('-') && !fields[0].EndsWith(':');
    }

    private static (ulong, ulong)? Range(string field)
    {
        var range = field.Split('-');
        return range.Length == 2
            && ulong.TryParse(range[0], NumberStyles.HexNumber, null, out var start)
            && ulong.TryParse(range[1], NumberStyles.HexNumber, null, out var end) ? (start, end) : null;
    }
}
