using Linux.Native;

namespace ShimV2.Serve;

/// <summary>
/// Takes the wait for an RCU grace period off a task's create. Every move of a process into a cgroup
/// (cgroup.procs) takes the kernel's global cgroup_threadgroup_rwsem for writing, and on 6.x kernels the
/// first writer after a quiet spell waits for a grace period first (rcu_sync_enter): 7-16 ms on a 2-core
/// 6.18 host, on every create, paid by the runtime's supervisor while stage 2 waits to be moved. A writer
/// that comes while the grace period is passed, or in the one grace period after the last writer left,
/// waits no more. So for <see cref="HoldMs"/> after the shim starts and after each Create or exec, a
/// background thread keeps moving this process into the cgroup it is already in (a no-op that still takes
/// the lock) every <see cref="EveryMs"/>: the grace period passes while the runtime's processes start, and
/// their move finds it passed. The writes hold cgroup_mutex for microseconds. Best effort: a cgroup we
/// cannot write is simply not primed.
/// </summary>
internal static class MigrationPrimer
{
    private const int HoldMs = 50, EveryMs = 2;

    private static long _until;
    private static int _running;
    private static bool _unavailable;

    public static void Prime()
    {
        if (Volatile.Read(ref _unavailable)) return;
        Volatile.Write(ref _until, Environment.TickCount64 + HoldMs);
        if (Interlocked.Exchange(ref _running, 1) == 0)
            new Thread(Run) { IsBackground = true, Name = "cgroup primer" }.Start();
    }

    private static unsafe void Run()
    {
        var fd = Open();
        var self = (byte)'0';
        var writable = fd >= 0;
        while (writable)
        {
            while (writable && Environment.TickCount64 < Volatile.Read(ref _until))
            {
                writable = Fcntl.write(fd, &self, 1) == 1;
                if (writable) Thread.Sleep(EveryMs);
            }
            if (!writable) break;
            Volatile.Write(ref _running, 0);
            // a Prime() that still saw us running has only moved the deadline: carry on for it
            if (Environment.TickCount64 >= Volatile.Read(ref _until) || Interlocked.Exchange(ref _running, 1) != 0)
            {
                Fcntl.close(fd);
                return;
            }
        }
        // no cgroup.procs we can write: never again (said before the thread counts as gone)
        Volatile.Write(ref _unavailable, true);
        Volatile.Write(ref _running, 0);
        if (fd >= 0) Fcntl.close(fd);
    }

    /// <summary>cgroup.procs of our own memory cgroup (any hierarchy would do: the lock is global), or -1.</summary>
    private static int Open()
    {
        try
        {
            return OomCounter.DirectoryOf(File.ReadAllLines("/proc/self/cgroup"), File.ReadAllLines("/proc/self/mountinfo")) is var (directory, _)
                ? Fcntl.open(Path.Combine(directory, "cgroup.procs"), Fcntl.O_WRONLY | Fcntl.O_CLOEXEC, 0)
                : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
