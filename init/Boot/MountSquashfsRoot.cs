using System.Diagnostics;
using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Pid1.Boot;

/// <summary>
/// The kernel+squashfs format: the initramfs holds only init, /dev and the kernel's modules, and the whole
/// root comes as a squashfs disk (LinuxKit passes it the same way), so the root does not sit in RAM. When
/// the builder's marker is there, this stage finds the disk by its squashfs magic (no device name to
/// guess: virtio, SCSI or IDE), mounts it read-only, puts an overlay with a tmpfs upper layer on it (the
/// root stays writable, as the initramfs root was), moves the API filesystems the earlier stages mounted
/// into it, and moves it onto "/" and chroots into it, as switch_root does. Runs after coldplug (the
/// disk's driver) and before anything reads /etc or /containers. PID 1's kernel threads share its root,
/// so the module helper and /dev paths keep resolving in the new root.
/// </summary>
internal sealed class MountSquashfsRoot : IBootStage
{
    /// <summary>Written by the builder into the small initramfs of kernel+squashfs.</summary>
    public const string Marker = Oci.ImagePaths.SquashfsRootMarker;
    private const string Lower = "/.squashfs", Writable = "/.root-rw", NewRoot = "/.root";
    private static readonly string[] ApiMounts = ["/proc", "/run", "/tmp", "/var", "/dev", "/sys"];

    public string Name => "squashfs-root";

    public FailurePolicy Policy => FailurePolicy.Fatal;

    public SysError? Run(BootContext context)
    {
        if (!File.Exists(Marker)) return null;
        var started = Stopwatch.GetTimestamp();
        var device = FindSquashfsDisk();
        if (device is null) return SysError.Plain("no disk with a squashfs (magic hsqs) in /sys/class/block after 5 s: the kernel+squashfs root must be attached as a disk");
        foreach (var dir in new[] { Lower, Writable, NewRoot })
            if (Stat.mkdir(dir, 0x1ed) != 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {dir}");
        if (mount(device, Lower, "squashfs", MS_RDONLY, null) != 0) return SysError.Last($"mount squashfs {device} on {Lower}");
        if (mount("tmpfs", Writable, "tmpfs", MS_NODEV | MS_NOSUID, "mode=755") != 0) return SysError.Last($"mount tmpfs on {Writable}");
        Directory.CreateDirectory(Writable + "/upper");
        Directory.CreateDirectory(Writable + "/work");
        var layers = $"lowerdir={Lower},upperdir={Writable}/upper,workdir={Writable}/work";
        if (mount("overlay", NewRoot, "overlay", 0, layers) != 0) return SysError.Last($"mount overlay ({layers}) on {NewRoot}");
        // The cgroup2 mount runs on a thread of its own under /sys: it must be done before /sys moves.
        Cgroup2Mount.WaitUntilMounted();
        foreach (var api in ApiMounts)
        {
            var target = NewRoot + api;
            Directory.CreateDirectory(target);
            if (mount(api, target, null, MS_MOVE, null) != 0) return SysError.Last($"move mount {api} to {target}");
        }
        Directory.SetCurrentDirectory(NewRoot);
        if (mount(".", "/", null, MS_MOVE, null) != 0) return SysError.Last($"move mount {NewRoot} onto /");
        if (Mount.chroot(".") != 0) return SysError.Last($"chroot into {NewRoot}");
        Directory.SetCurrentDirectory("/");
        // The helper's link was made in the initramfs root; the kernel now looks for it in this one.
        if (new InstallModprobeHelper().Run(context) is { } helper) context.Log.Warning("boot: {Error}", helper.ToString());
        context.Log.Information("boot: root is squashfs {Device} under a tmpfs overlay ({Ms:F0} ms)", device,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return null;
    }

    /// <summary>The first block device that starts with squashfs's magic; the disk may still be probing, so look for up to 5 s.</summary>
    private static string? FindSquashfsDisk()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists("/sys/class/block"))
                foreach (var entry in Directory.EnumerateFileSystemEntries("/sys/class/block").Order(StringComparer.Ordinal))
                {
                    var device = "/dev/" + Path.GetFileName(entry);
                    if (StartsWithSquashfsMagic(device)) return device;
                }
            Thread.Sleep(100);
        }
        return null;
    }

    private static bool StartsWithSquashfsMagic(string device)
    {
        try
        {
            using var f = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            Span<byte> magic = stackalloc byte[4];
            return f.Read(magic) == 4 && magic.SequenceEqual("hsqs"u8);
        }
        catch (IOException) { return false; } // no medium (an empty CD drive), or gone
        catch (UnauthorizedAccessException) { return false; }
    }
}
