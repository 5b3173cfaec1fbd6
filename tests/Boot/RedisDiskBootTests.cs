using Tests.Common;

namespace Tests.Boot;

/// <summary>
/// examples/redis.yml on an empty virtio disk (with images/test-redis-disk.yml's watcher, which powers off
/// once the host sets cinit:done): the first boot formats and mounts the disk and the host SETs a key; the
/// second boot finds the disk formatted, mounts it, and redis answers the key from its append-only file.
/// </summary>
public sealed class RedisDiskBootTests
{
    [Fact]
    public async Task AKeyWrittenBeforeARebootIsReadAfterIt()
    {
        using var image = BootImage.BuildFiles(
            [Path.Combine(RepoPaths.Root, "examples", "redis.yml"), Path.Combine(RepoPaths.Root, "images", "test-redis-disk.yml")], null);
        var disk = Path.Combine(Path.GetDirectoryName(image.Kernel)!, "redis-data.raw");
        using (var file = File.Create(disk)) file.SetLength(64L << 20);

        var first = await BootAndSend(image, disk, "redis-disk-1", "SET cinit:key written-before-reboot", "SET cinit:done yes");
        Assert.Equal("+OK\r\n+OK\r\n", first.Replies);
        first.Boot.Console.AssertInOrder("first boot: formatted, mounted, redis after mount",
            "format \\| format: formatted /dev/vda1 as ext4 labelled redis",
            "mount \\| mountie: mounted ext4 /dev/vda1 on /var/lib/redis",
            "service redis: started",
            "watcher \\| MARK-DONE-SEEN",
            "shutdown: unmounted ext4 /dev/vda1 from /var/lib/redis");

        var second = await BootAndSend(image, disk, "redis-disk-2", "GET cinit:key", "SET cinit:done yes");
        Assert.Equal("$21\r\nwritten-before-reboot\r\n+OK\r\n", second.Replies);
        second.Boot.Console.AssertInOrder("second boot: the disk is kept",
            "format \\| format: /dev/vda1 already holds a filesystem labelled redis: nothing to do",
            "mount \\| mountie: mounted ext4 /dev/vda1 on /var/lib/redis",
            "watcher \\| MARK-DONE-SEEN");
    }

    private static async Task<(QemuBoot Boot, string Replies)> BootAndSend(BootImage image, string disk, string logName, params string[] commands)
    {
        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var trace = new HostPortTrace();
        var replies = Task.Run(() => HostPort.Retry(() => RedisInline.Send(port, commands), cancel.Token, trace));
        var boot = QemuBoot.Run(image, logName,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-drive", $"file={disk},format=raw,if=virtio",
             "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:6379", "-device", "virtio-net-pci,netdev=n0"], deadline);
        cancel.Cancel();
        if (!boot.ExitedByItself)
            boot.Console.Fail($"{logName}: QEMU did not exit within {boot.Deadline.TotalSeconds:0} s; the host's redis client on port {port}:\n{trace}");
        boot.AssertPoweredOff();
        boot.Console.AssertAbsent($"{logName}: nothing failed", "FAILED");
        return (boot, await replies);
    }
}
