using Linux;
using Linux.Native;

namespace ShimV2.Serve;

/// <summary>
/// The shim is a child subreaper: the runtime commands it spawns, the container's process and its execs
/// (re-parented to us when the runtime's supervisor ends) are all its children, and one thread reaps them
/// all with waitid, as containerd-shim-runc-v2's reaper does. Whoever wants a pid's status asks
/// <see cref="Watch"/>; an exit nobody asked for yet is kept, so a process that ends before its pid was
/// even read (a container that exits at once) is still seen.
/// </summary>
internal static class Reaper
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<Exit>> Waiting = [];
    private static readonly Dictionary<int, Exit> Unclaimed = [];
    private static readonly AutoResetEvent Spawned = new(false);

    public readonly record struct Exit(ExitStatus Status, DateTime At);

    public static void Start()
    {
        if (Prctl.prctl(Prctl.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
            throw new SysException(SysError.Last("prctl PR_SET_CHILD_SUBREAPER"));
        new Thread(Loop) { IsBackground = true, Name = "reaper" }.Start();
    }

    /// <summary>Spawns under the reaper's lock, so the child's exit is always matched to its watch.</summary>
    public static int Spawn(SpawnRequest request, out Task<Exit> exited, out SysError? error)
    {
        lock (Gate)
        {
            var pid = ChildSpawner.Start(request, out error);
            exited = pid > 0 ? WatchLocked(pid) : Task.FromResult(default(Exit));
            if (pid > 0) Spawned.Set();
            return pid;
        }
    }

    /// <summary>The exit of PID, one of our children; already complete when it was reaped before.</summary>
    public static Task<Exit> Watch(int pid)
    {
        lock (Gate) return WatchLocked(pid);
    }

    private static Task<Exit> WatchLocked(int pid)
    {
        if (Unclaimed.Remove(pid, out var exit)) return Task.FromResult(exit);
        if (!Waiting.TryGetValue(pid, out var waiter))
            Waiting[pid] = waiter = new TaskCompletionSource<Exit>(TaskCreationOptions.RunContinuationsAsynchronously);
        return waiter.Task;
    }

    private static unsafe void Loop()
    {
        while (true)
        {
            Wait.siginfo_t info;
            if (Wait.waitid(Wait.P_ALL, 0, &info, Wait.WEXITED) != 0)
            {
                // ECHILD: no child now; wake at the next spawn (or, for one re-parented to us, a second later)
                if (Errno.Last.Value != Errno.EINTR) Spawned.WaitOne(1000);
                continue;
            }
            var exit = new Exit(ExitStatus.FromSiginfo(info), DateTime.UtcNow);
            lock (Gate)
            {
                if (Waiting.Remove(info.si_pid, out var waiter)) waiter.SetResult(exit);
                else Unclaimed[info.si_pid] = exit;
            }
        }
    }
}
