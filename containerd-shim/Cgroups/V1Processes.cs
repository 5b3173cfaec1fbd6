using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>What removing a v1 cgroup needs: its processes gone (v1 has no cgroup.kill) and rmdir.</summary>
internal static class V1Processes
{
    private const int GraceMs = 5000;

    /// <summary>SIGKILL to every pid in the cgroups until all are empty or 5 s passed. A process forking
    /// meanwhile is caught on the next round; killing is idempotent.</summary>
    public static void KillAll(IEnumerable<string> directories)
    {
        var dirs = directories.ToList();
        var deadline = Environment.TickCount64 + GraceMs;
        while (Environment.TickCount64 < deadline)
        {
            var pids = dirs.SelectMany(d => ContainerCgroup.ProcessesIn(d)).Distinct().ToList();
            if (pids.Count == 0) return;
            foreach (var pid in pids) Signal.kill(pid, Signal.SIGKILL);
            Thread.Sleep(5);
        }
    }

    public static unsafe SysError? Rmdir(string directory)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
        {
            if (Tmds.Linux.LibC.rmdir(p) == 0) return null;
            var errno = Errno.FromLibC;
            return errno.Value == Errno.ENOENT ? null : new SysError($"rmdir {directory}", errno);
        }
    }
}
