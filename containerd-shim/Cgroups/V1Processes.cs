using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>What removing a v1 cgroup needs before its rmdir: its processes gone (v1 has no cgroup.kill).</summary>
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
}
