namespace Tests.Boot;

/// <summary>
/// The format and mount packages (images/pkg/format, images/pkg/mount) on virtio disks. An empty disk is
/// formatted on the first of 20 poweroff/boot cycles and mounted on every one, and grown by extend (images/pkg/extend)
/// after the host made it bigger before boot 11; a service after mount adds a
/// line to a file on it each boot, and every earlier line is there on the next (the kernel never has to
/// replay the journal: init's shutdown unmounted the disk), and the host's e2fsck finds it clean. Disks that
/// hold data are refused by format, a filesystem the kernel cannot mount makes one console line, and the
/// service after that mount does not start.
/// </summary>
public sealed class PersistentDiskBootTests
{
    private const int Cycles = 20;
    private const int GrowAt = 11;

    [Fact]
    public void DataWrittenByAServiceSurvivesTwentyPoweroffs()
    {
        using var image = BootImage.Build("test-disk-cycles");
        var disk = Path.Combine(Path.GetDirectoryName(image.Kernel)!, "cycles.raw");
        using (var file = File.Create(disk)) file.SetLength(64L << 20);
        for (var n = 1; n <= Cycles; n++)
        {
            if (n == GrowAt) using (var file = File.OpenWrite(disk)) file.SetLength(128L << 20);
            var boot = QemuBoot.Run(image, $"test-disk-cycles-{n}", DiskArgs(image, disk), QemuBoot.DefaultDeadline);
            boot.AssertPoweredOff();
            boot.Console.AssertInOrder($"boot {n}",
                n == 1 ? "format \\| format: formatted /dev/vda1 as ext4 labelled data" : "format \\| format: /dev/vda1 already holds a filesystem labelled data: nothing to do",
                n == GrowAt ? "extend \\| extend: grew /dev/vda1 to 126 MiB" : "extend \\| extend: /dev/vda1 already fills /dev/vda",
                "mount \\| mountie: mounted ext4 /dev/vda1 on /var/data",
                "counter \\| MARK-MOUNTED /dev/vda1 ext4",
                $"counter \\| MARK-BOOT {n} boot 1$",
                "shutdown: syncing filesystems",
                "shutdown: unmounted ext4 /dev/vda1 from /var/data",
                "shutdown: powering off");
            boot.Console.AssertAbsent($"boot {n}: clean", "FAILED|recovery complete|orphan");
        }
        // The partition starts at 1 MiB (sfdisk's default alignment); e2fsck takes a file, so check a copy of it.
        var part = disk + ".p1";
        HostCommand.Check("dd", "coreutils", $"if={disk}", $"of={part}", "bs=1M", "skip=1", "status=none");
        var (status, output) = HostCommand.Run("e2fsck", "e2fsprogs", "-f", "-n", part);
        Assert.True(status == 0, $"e2fsck -fn of the data partition exited {status}:\n{output}");
    }

    [Fact]
    public void FormatRefusesDisksWithDataAndAFailedMountKeepsItsServiceDown()
    {
        using var image = BootImage.Build("test-disk-refuse");
        var dir = Path.GetDirectoryName(image.Kernel)!;
        var seed = Path.Combine(dir, "precious-seed");
        Directory.CreateDirectory(seed);
        File.WriteAllText(Path.Combine(seed, "keep"), "MARK-PRECIOUS\n");
        var precious = Path.Combine(dir, "precious.ext4");
        HostCommand.Check("mkfs.ext4", "e2fsprogs", "-q", "-F", "-L", "precious", "-d", seed, precious, "32M");
        var unmountable = Path.Combine(dir, "bigblocks.ext4");
        HostCommand.Check("mkfs.ext4", "e2fsprogs", "-q", "-F", "-b", "65536", "-L", "data", unmountable, "32M");

        var boot = QemuBoot.Run(image, "test-disk-refuse",
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-drive", $"file={precious},format=raw,if=virtio", "-drive", $"file={unmountable},format=raw,if=virtio"], QemuBoot.DefaultDeadline);

        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("format refuses, mount fails with errno, the service after it stays down",
            "format-any \\| format: no empty disk to format: /dev/vda holds a filesystem \\(ext4, label precious\\); /dev/vdb holds a filesystem \\(ext4, label data\\)",
            "onboot format-any: FAILED",
            "format-vda \\| format: refusing to format /dev/vda: it holds a filesystem \\(ext4, label precious\\)",
            "mount \\| mountie: mount ext4 /dev/vdb on /var/data: Invalid argument$",
            "onboot mount: FAILED",
            "service app: not started: onboot mount did not succeed \\(after: mount\\)",
            "stopper \\| MARK-POWEROFF");
        boot.Console.AssertAbsent("app never ran", "MARK-APP-STARTED");
        Assert.Single(boot.Console.Lines, l => l.Contains("mount | mountie:"));
        var (status, output) = HostCommand.Run("debugfs", "e2fsprogs", "-R", "cat /keep", precious);
        Assert.True(status == 0 && output.Contains("MARK-PRECIOUS"), $"the precious disk lost its file ({status}):\n{output}");
    }

    private static string[] DiskArgs(BootImage image, string disk) =>
        ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline, "-drive", $"file={disk},format=raw,if=virtio"];
}
