using Linux;
using Linux.Native;

namespace Shim.Runtime;

/// <summary>Waits for a process with a deadline through a pidfd (readable once the process ended), so
/// nothing polls waitid and a process that is not our child can be waited for as well.</summary>
internal static unsafe class ProcessWait
{
    /// <summary>True once <paramref name="pid"/> has ended (or never existed), false at the deadline.
    /// A negative <paramref name="timeoutMs"/> waits for as long as it takes.</summary>
    public static bool ForExit(int pid, int timeoutMs)
    {
        var fd = Pidfd.pidfd_open(pid, 0);
        if (fd < 0) return Errno.Last.Value == Errno.ESRCH;
        try
        {
            var entry = new Poll.pollfd { fd = fd, events = Poll.POLLIN };
            var deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
            while (true)
            {
                var left = timeoutMs < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
                var rc = Poll.poll(&entry, 1, left);
                if (rc > 0) return true;
                if (rc == 0) return false;
                if (Errno.Last.Value != Errno.EINTR) return false;
            }
        }
        finally
        {
            Fcntl.close(fd);
        }
    }

    /// <summary>Reaps our child <paramref name="pid"/> (blocking) and returns how it ended.</summary>
    public static ExitStatus Reap(int pid, out SysError? error)
    {
        error = null;
        Wait.siginfo_t info;
        while (Wait.waitid(Wait.P_PID, pid, &info, Wait.WEXITED) < 0)
        {
            if (Errno.Last.Value == Errno.EINTR) continue;
            error = SysError.Last($"waitid {pid}");
            return default;
        }
        return ExitStatus.FromSiginfo(info);
    }
}
