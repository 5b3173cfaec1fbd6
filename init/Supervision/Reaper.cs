using System.Threading.Channels;
using Linux;
using Linux.Native;

namespace Pid1.Supervision;

/// <summary>
/// The one reaper (docs/design.md, rule 5): a dedicated thread blocked in waitid(P_ALL, WEXITED) that posts every
/// exit into the event loop's channel. Nothing else in init waits for children, and the runtime's own
/// SIGCHLD reaping stays off (ConsoleSetup), so every status is ours. When there is no child at all,
/// waitid fails with ECHILD at once; the thread then sleeps until the next spawn instead of spinning.
/// Orphans need no spawn to appear: they can only be descendants of a child we still have, and the
/// kernel reparents them to us before it reports that child's exit, so ECHILD really means "none left".
/// </summary>
internal sealed unsafe class Reaper(ChannelWriter<InitEvent> events)
{
    private readonly AutoResetEvent _spawned = new(false);
    private long _generation;

    /// <summary>How many spawns there have been; NoChildrenLeft reports carry it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Start()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "reaper" };
        thread.Start();
    }

    /// <summary>Called right after each successful spawn.</summary>
    public void NotifySpawned()
    {
        Interlocked.Increment(ref _generation);
        _spawned.Set();
    }

    private void Loop()
    {
        while (true)
        {
            var generation = Generation;
            Wait.siginfo_t info = default;
            if (Wait.waitid(Wait.P_ALL, 0, &info, Wait.WEXITED) == 0)
            {
                if (info.si_pid != 0) events.TryWrite(new ChildExited(ExitStatus.FromSiginfo(info)));
                continue;
            }
            var errno = Errno.Last;
            if (errno.Value == Errno.EINTR) continue;
            // ECHILD: nothing to wait for until we start something.
            events.TryWrite(new NoChildrenLeft(generation));
            _spawned.WaitOne();
        }
    }
}
