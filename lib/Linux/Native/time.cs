using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;time.h&gt;: clock_gettime, for boot-time marks that line up with the kernel's own clock.</summary>
public static unsafe partial class Time
{
    public const int CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int clock_gettime(int clock, timespec* tp);

    /// <summary>Seconds since the kernel started (CLOCK_BOOTTIME), the clock of the kernel's log lines.</summary>
    public static double BootSeconds()
    {
        timespec ts;
        return clock_gettime(CLOCK_BOOTTIME, &ts) == 0 ? ts.tv_sec + ts.tv_nsec / 1e9 : double.NaN;
    }
}
