using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Pid1.Boot;

/// <summary>
/// Mounts cgroup2 on /sys/fs/cgroup on a thread of its own, because the mount can block for an RCU grace
/// period: in the root cgroup namespace the kernel applies the mount's flags to the whole hierarchy, which
/// takes cgroup_threadgroup_rwsem for writing (11-18 ms measured on the host's 6.18 kernel; on 6.1 turning
/// favordynmods on costs the same once). Nothing before the first container needs the cgroup tree, so the
/// boot goes on (kernel modules take far longer in a VM) and the first container start waits for it
/// (<see cref="WaitUntilMounted"/>).
/// Options, newest first, each dropped when the kernel rejects it with EINVAL: nsdelegate (4.13+) makes
/// cgroup namespaces delegation boundaries; favordynmods (6.0+) keeps that lock in the mode where moving a
/// process into a cgroup, which every container start will do, costs no grace period; forks and exits pay
/// a little more for it.
/// </summary>
internal static class Cgroup2Mount
{
    public const string Target = "/sys/fs/cgroup";

    private static readonly string?[] Options = ["nsdelegate,favordynmods", "nsdelegate", null];

    private static Thread? _mounting;

    /// <summary>Starts the mount; a failure is logged as a warning (the boot goes on without cgroups).</summary>
    public static void Start(Serilog.ILogger log, ulong flags)
    {
        _mounting = new Thread(() =>
        {
            if (MountOnce(flags) is { } error) log.Warning("boot: {Error}", error.ToString());
        })
        { Name = "cgroup2", IsBackground = true };
        _mounting.Start();
    }

    /// <summary>Returns once the mount started by <see cref="Start"/> is done; at once if none was started.</summary>
    public static void WaitUntilMounted() => _mounting?.Join();

    internal static SysError? MountOnce(ulong flags)
    {
        foreach (var options in Options)
        {
            if (mount("cgroup2", Target, "cgroup2", flags, options) == 0) return null;
            var errno = Errno.Last;
            if (errno.Value == Errno.EBUSY) return null; // already there: the kernel or a test put it there
            if (errno.Value != Errno.EINVAL) return new SysError($"mount cgroup2 on {Target}", errno);
        }
        return SysError.Last($"mount cgroup2 on {Target}");
    }
}
