using System.Diagnostics;
using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Moves the root out of the initramfs into a tmpfs, because pivot_root (which the shim needs for every
/// container) refuses to work when the root is the kernel's rootfs. This is switch_root's recipe without
/// its exec: copy the tree into a tmpfs, MS_MOVE that tmpfs onto "/", chroot into it. We keep running as
/// the same process instead of exec'ing a second init, which saves a NativeAOT start and keeps PID 1's
/// state; the price is that our own binary stays mapped from the old root, which is fine because the
/// old root's files are deleted as they are copied, so their memory is freed as soon as we let go.
/// /init itself is not copied: nothing runs it again, and it is the largest file in the image.
/// Only done when we really are the kernel's /init on rootfs (ramfs or tmpfs magic); in a chroot (host
/// tests) the root is a real filesystem and the stage logs that and does nothing.
/// </summary>
internal sealed class MoveRootToTmpfs : IBootStage
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
        if (Mount.mount("tmpfs", NewRoot, "tmpfs", 0, "mode=0755") != 0) return SysError.Last($"mount tmpfs on {NewRoot}");
        var copier = new TreeCopier(skip: [NewRoot, "/init", "/proc", "/sys", "/dev"], emptyDirs: ["/proc", "/sys", "/dev"]);
        if (copier.Copy("/", NewRoot) is { } copyError) return copyError.Wrap("copy / into tmpfs");
        Directory.SetCurrentDirectory(NewRoot);
        if (Mount.mount(".", "/", null, Mount.MS_MOVE, null) != 0) return SysError.Last($"move mount {NewRoot} onto /");
        if (Mount.chroot(".") != 0) return SysError.Last("chroot into the moved root");
        Directory.SetCurrentDirectory("/");
        context.Log.Information("boot: root moved into tmpfs: {Files} entries in {Ms:F0} ms",
            copier.Entries, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return null;
    }
}
