using Linux;
using Linux.Native;
using Pid1.Modprobe;

namespace Pid1.Boot;

/// <summary>
/// Makes the kernel's on-demand module requests (request_module: ext4 asking for <c>crypto-crc32c</c>
/// at mount time, a socket() asking for <c>net-pf-N</c>) reach a program that answers them. The kernel
/// runs /proc/sys/kernel/modprobe, /sbin/modprobe by default, which our images lack, so such a
/// request failed (<c>EXT4-fs (vda): Cannot load crc32c driver</c>). We link /usr/sbin/cinit-modprobe
/// to init's own binary (multi-call: <see cref="ModprobeCommand"/>) and name it there. Not /sbin/modprobe:
/// that name belongs to whatever kmod or busybox an image or container brings. The kernel starts the
/// helper in init's root and mount namespace (its kernel threads share PID 1's fs_struct), so the
/// link in our root is the one it finds. Runs before coldplug so the modules loaded there can ask too.
/// </summary>
internal sealed class InstallModprobeHelper : IBootStage
{
    public const string HelperPath = "/usr/sbin/" + ModprobeCommand.Name;
    private const string Sysctl = "/proc/sys/kernel/modprobe";

    public string Name => "modprobe-helper";

    public FailurePolicy Policy => FailurePolicy.Warn;

    /// <summary>The initial pid namespace (inode PROC_PID_INIT_INO, 0xEFFFFFFC): the one only the machine's own init is in.</summary>
    private const string InitialPidNamespace = "pid:[4026531836]";

    public SysError? Run(BootContext context)
    {
        // The sysctl is global, not per namespace: init under unshare -pf (host tests) must not retarget the host's.
        if (new FileInfo("/proc/self/ns/pid").LinkTarget != InitialPidNamespace)
        {
            context.Log.Information("boot: modprobe-helper skipped: not the machine's init (a pid namespace of its own)");
            return null;
        }
        var self = Environment.ProcessPath ?? "/init";
        Directory.CreateDirectory(Path.GetDirectoryName(HelperPath)!);
        if (Unistd.symlinkat(self, Fcntl.AT_FDCWD, HelperPath) != 0 && Errno.Last.Value != Errno.EEXIST)
            return SysError.Last($"symlink {HelperPath} -> {self}");
        try
        {
            File.WriteAllText(Sysctl, HelperPath);
        }
        catch (IOException e)
        {
            return SysError.Of($"write {HelperPath} into {Sysctl}", e);
        }
        context.Log.Information("boot: kernel module requests go to {Helper} (-> {Self})", HelperPath, self);
        return null;
    }
}
