using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Pid1.Boot;

/// <summary>
/// The API filesystems, with LinuxKit rc.init's sources, flags and options (its doMounts), in its order:
/// /proc first (everything reads it), then the tmpfs trees, /dev and what lives on it, /sys and cgroup2 (the
/// last on a thread of its own, <see cref="Cgroup2Mount"/>).
/// A mount that is already there (EBUSY: the kernel or a test put it there) is fine.
/// </summary>
internal sealed class MountFilesystems : IBootStage
{
    private const ulong NoDevExecSuid = MS_NODEV | MS_NOEXEC | MS_NOSUID;

    private sealed record FsMount(string Source, string Target, string Type, ulong Flags, string? Data, uint Mode);

    private static readonly FsMount[] Mounts =
    [
        new("proc", "/proc", "proc", NoDevExecSuid | MS_RELATIME, null, 0x16d),
        new("tmpfs", "/run", "tmpfs", NoDevExecSuid | MS_RELATIME, "size=10%,mode=755", 0x1ed),
        new("tmpfs", "/tmp", "tmpfs", NoDevExecSuid | MS_RELATIME, "size=10%,mode=1777", 0x3ff),
        new("tmpfs", "/var", "tmpfs", NoDevExecSuid | MS_RELATIME, "size=50%,mode=755", 0x1ed),
        new("dev", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC | MS_RELATIME, "size=10m,mode=755", 0x1ed),
        new("mqueue", "/dev/mqueue", "mqueue", NoDevExecSuid, null, 0x3ff),
        new("shm", "/dev/shm", "tmpfs", NoDevExecSuid, "mode=1777", 0x3ff),
        new("devpts", "/dev/pts", "devpts", MS_NOEXEC | MS_NOSUID, "gid=5,mode=0620,ptmxmode=0666", 0x1ed),
        new("sysfs", "/sys", "sysfs", NoDevExecSuid, null, 0x16d),
    ];

    private static readonly string[] VarDirs =
        ["/var/cache", "/var/empty", "/var/lib", "/var/lib/containerd", "/var/local", "/var/lock", "/var/log", "/var/opt", "/var/spool", "/var/tmp"];

    private static readonly (string Target, string Link)[] Symlinks =
    [
        ("/run", "/var/run"), ("/proc/self/fd", "/dev/fd"), ("/proc/self/fd/0", "/dev/stdin"),
        ("/proc/self/fd/1", "/dev/stdout"), ("/proc/self/fd/2", "/dev/stderr"), ("/proc/kcore", "/dev/kcore"),
    ];

    public string Name => "mount-filesystems";

    public FailurePolicy Policy => FailurePolicy.Fatal;

    public SysError? Run(BootContext context)
    {
        // The modes below must land as written, not filtered by the umask.
        var oldMask = Stat.umask(0);
        try
        {
            foreach (var m in Mounts)
            {
                if (MountOne(m) is { } error) return error;
                if (m.Target == "/var") MakeVarDirs();
            }
            Cgroup2Mount.Start(context.Log, NoDevExecSuid); // off the critical path: see Cgroup2Mount
            foreach (var (target, link) in Symlinks) MakeSymlink(target, link, context);
            context.Cmdline = KernelCmdline.ReadProc();
            return null;
        }
        finally { Stat.umask(oldMask); }
    }

    private static SysError? MountOne(FsMount m)
    {
        if (Stat.mkdir(m.Target, m.Mode) != 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {m.Target}");
        if (mount(m.Source, m.Target, m.Type, m.Flags, m.Data) == 0) return null;
        var errno = Errno.Last;
        return errno.Value == Errno.EBUSY ? null : new SysError($"mount {m.Type} on {m.Target}", errno);
    }

    private static void MakeVarDirs()
    {
        foreach (var dir in VarDirs) Stat.mkdir(dir, dir == "/var/tmp" ? 0x3ffu : dir == "/var/empty" ? 0x16du : 0x1edu);
    }

    private static void MakeSymlink(string target, string link, BootContext context)
    {
        try { File.CreateSymbolicLink(link, target); }
        catch (IOException) when (Path.Exists(link) || File.Exists(link)) { }
        catch (IOException e) { context.Log.Warning("boot: {Error}", SysError.Of($"symlink {link} -> {target}", e).ToString()); }
    }
}
