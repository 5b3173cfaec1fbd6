namespace Tests.Boot;

/// <summary>
/// images/test-disk.yml with an ext4 disk made on the host (mkfs.ext4 of e2fsprogs, its default features:
/// metadata checksums, so the mount needs crc32c) and no ext4 or crc32c in /etc/modules: the kernel's
/// own requests (fs-ext4, crypto-crc32c) must reach init's module helper. Four boots of the same disk:
/// the second sees the first one's write; a third is killed (Ctrl-A x) while it writes with fsync, and the
/// fourth's mount replays the journal; the host's e2fsck finds the filesystem clean afterwards.
/// </summary>
public sealed class DiskBootTests : IDisposable
{
    private readonly BootImage _image = BootImage.Build("test-disk");
    private readonly string _disk;

    public DiskBootTests()
    {
        var seed = Path.Combine(Path.GetDirectoryName(_image.Kernel)!, "seed");
        Directory.CreateDirectory(seed);
        File.WriteAllText(Path.Combine(seed, "from-host"), "MARK-WRITTEN-BY-THE-HOST\n");
        _disk = Path.Combine(Path.GetDirectoryName(_image.Kernel)!, "data.ext4");
        HostCommand.Check("mkfs.ext4", "e2fsprogs", "-q", "-F", "-L", "data", "-d", seed, _disk, "32M");
    }

    public void Dispose() => _image.Dispose();

    [Fact]
    public void KernelModuleRequestsAreAnsweredAndTheDiskKeepsItsDataAcrossPoweroffs()
    {
        var first = Boot("test-disk-1");
        first.Console.AssertInOrder("first boot",
            "boot: kernel module requests go to /usr/sbin/cinit-modprobe",
            "cinit-modprobe: fs-ext4: loaded .*ext4",
            "data \\| MARK-WRITTEN-BY-THE-HOST",
            "data \\| MARK-BOOT-COUNT-1",
            "data \\| MARK-UNMOUNTED",
            "shutdown: poweroff requested");
        first.Console.AssertAbsent("crc32c is found", "Cannot load crc32c driver");

        // A CPU without SSE 4.2 has no crc32c_intel for coldplug to load: ext4 then asks for crypto-crc32c itself
        // (the "Cannot load crc32c driver"). RDRAND kept, so the kernel's RNG is ready at once.
        var second = Boot("test-disk-2", "-cpu", "qemu64,+rdrand");
        second.Console.AssertInOrder("second boot, no SSE 4.2",
            "cinit-modprobe: crypto-crc32c: loaded crc32c_generic", "data \\| MARK-BOOT-COUNT-2", "data \\| MARK-UNMOUNTED");

        // Killed while writing (Ctrl-A x: QEMU ends at once, nothing flushed), then booted again: the mount replays the journal.
        var killed = QemuBoot.Run(_image, "test-disk-3", DiskArgs(), QemuBoot.DefaultDeadline, new ConsoleInput("data \\| MARK-WRITING", "\u0001x"));
        killed.Console.AssertInOrder("third boot, killed mid-write", "data \\| MARK-BOOT-COUNT-3", "data \\| MARK-WRITING");
        killed.Console.AssertAbsent("killed before any shutdown", "shutdown: poweroff requested");
        var fourth = Boot("test-disk-4");
        fourth.Console.AssertInOrder("fourth boot, after the kill", "EXT4-fs \\(vda\\): recovery complete",
            "data \\| MARK-BOOT-COUNT-4", "data \\| MARK-UNMOUNTED");

        var (status, output) = HostCommand.Run("e2fsck", "e2fsprogs", "-f", "-n", _disk);
        Assert.True(status == 0, $"e2fsck -fn {_disk} exited {status}:\n{output}");
    }

    private string[] DiskArgs() =>
        ["-kernel", _image.Kernel, "-initrd", _image.Initrd, "-append", _image.Cmdline, "-drive", $"file={_disk},format=raw,if=virtio"];

    private QemuBoot Boot(string logName, params string[] extra)
    {
        var boot = QemuBoot.Run(_image, logName, [.. DiskArgs(), .. extra], QemuBoot.DefaultDeadline);
        boot.AssertPoweredOff();
        boot.Console.AssertAbsent("no container fails", "FAILED|MARK-MOUNT-FAILED");
        return boot;
    }
}
