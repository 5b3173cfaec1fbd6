using System.Diagnostics;
using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Makes "/" a mount that pivot_root can leave. The kernel's rootfs (where the initramfs is unpacked)
/// is the top of the mount tree and has no parent mount, so pivot_root — which the shim needs for every
/// container — refuses it with EINVAL. LinuxKit and switch_root copy the whole tree into a fresh tmpfs;
/// that took 0.9-2.3 s under TCG for a small image. Instead we bind-mount rootfs onto a directory of its
/// own, move that bind mount onto "/" and chroot into it: the root we run in is now a mount with a parent,
/// the same files, no copy and no second copy in memory (measured: pivot_root then works in a new mount
/// namespace). Only done when we really are the kernel's /init on rootfs (ramfs or tmpfs magic and a root
/// mount without parent); in a chroot (host tests) the stage logs that and does nothing.
/// </summary>
internal sealed class MoveRootOffRootfs : IBootStage
{
    private const string NewRoot = "/.cinit-root";

    public string Name => "move-root";

    public FailurePolicy Policy => FailurePolicy.Fatal;

    public unsafe SysError? Run(BootContext context)
    {
        Stat.statfs_t fs;
        if (Stat.statfs("/", &fs) != 0) return SysError.Last("statfs /");
        var onRootfs = fs.f_type is Stat.RAMFS_MAGIC or Stat.TMPFS_MAGIC;
        if (!onRootfs || Environment.ProcessPath != "/init")
        {
            context.Log.Information("boot: move-root skipped: / is not the initramfs (fs magic 0x{Magic:x}, init is {Path})",
                fs.f_type, Environment.ProcessPath ?? "?");
            return null;
        }
        var started = Stopwatch.GetTimestamp();
        if (Stat.mkdir(NewRoot, 0x1ed) != 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {NewRoot}");
        if (Mount.mount("/", NewRoot, null, Mount.MS_BIND | Mount.MS_REC, null) != 0)
            return SysError.Last($"bind / on {NewRoot}");
        Directory.SetCurrentDirectory(NewRoot);
        if (Mount.mount(".", "/", null, Mount.MS_MOVE, null) != 0) return SysError.Last($"move mount {NewRoot} onto /");
        if (Mount.chroot(".") != 0) return SysError.Last("chroot into the moved root");
        Directory.SetCurrentDirectory("/");
        // The directory the bind was made on is empty again (the mount moved away); tidy it.
        try { Directory.Delete(NewRoot); }
        catch (IOException e) { context.Log.Warning("boot: {Error}", SysError.Of($"rmdir {NewRoot}", e).ToString()); }
        context.Log.Information("boot: root is a bind mount of rootfs ({Ms:F1} ms)",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return null;
    }
}
