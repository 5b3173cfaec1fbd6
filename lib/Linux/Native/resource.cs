using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/resource.h&gt;: rlimits through prlimit (64-bit values on every ABI).</summary>
public static unsafe partial class Resource
{
    public const int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
        RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
        RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
        RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15;

    public const ulong RLIM_INFINITY = ulong.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    public struct rlimit
    {
        public ulong rlim_cur;
        public ulong rlim_max;
    }

    [LibraryImport("libc", EntryPoint = "prlimit64", SetLastError = true)]
    public static partial int prlimit(int pid, int resource, rlimit* newLimit, rlimit* oldLimit);

    /// <summary>The OCI names (<c>RLIMIT_NOFILE</c>) to resource numbers; -1 when unknown.</summary>
    public static int FromName(string name) => name switch
    {
        "RLIMIT_CPU" => RLIMIT_CPU, "RLIMIT_FSIZE" => RLIMIT_FSIZE, "RLIMIT_DATA" => RLIMIT_DATA,
        "RLIMIT_STACK" => RLIMIT_STACK, "RLIMIT_CORE" => RLIMIT_CORE, "RLIMIT_RSS" => RLIMIT_RSS,
        "RLIMIT_NPROC" => RLIMIT_NPROC, "RLIMIT_NOFILE" => RLIMIT_NOFILE, "RLIMIT_MEMLOCK" => RLIMIT_MEMLOCK,
        "RLIMIT_AS" => RLIMIT_AS, "RLIMIT_LOCKS" => RLIMIT_LOCKS, "RLIMIT_SIGPENDING" => RLIMIT_SIGPENDING,
        "RLIMIT_MSGQUEUE" => RLIMIT_MSGQUEUE, "RLIMIT_NICE" => RLIMIT_NICE, "RLIMIT_RTPRIO" => RLIMIT_RTPRIO,
        "RLIMIT_RTTIME" => RLIMIT_RTTIME, _ => -1,
    };
}
