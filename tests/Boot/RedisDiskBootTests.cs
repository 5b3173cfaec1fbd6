using Tests.Common;

namespace Tests.Boot;

/// <summary>
/// examples/redis.yml on an empty virtio disk (with images/test-redis-disk.yml's watcher, which powers off
/// once the host sets cinit:done): the first boot, with userdata on a --data CD setting maxmemory, formats
/// and mounts the disk and the host SETs a key and reads the setting; the second boot, without the CD,
/// finds the disk formatted, mounts it, redis answers the key from its append-only file and has the
/// default maxmemory.
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

        // Userdata on a --data CD (vdb, after the redis disk): a redis setting that the default (0) is not.
        var data = DataIso.Make(Path.GetDirectoryName(image.Kernel)!, "redis-userdata", "config",
            ("config", """{"redis": {"entries": {"redis.conf": {"content": "maxmemory 12345678\n"}}}}"""));
        var first = await BootAndSend(image, disk, "redis-disk-1", DataIso.Drive(data),
            "SET cinit:key written-before-reboot", "CONFIG GET maxmemory", "SET cinit:done yes");
        Assert.Equal("+OK\r\n*2\r\n$9\r\nmaxmemory\r\n$8\r\n12345678\r\n+OK\r\n", first.Replies);
        first.Boot.Console.AssertInOrder("first boot: userdata from the CD, formatted, mounted, redis after mount",
            "metadata \\| metadata: cdrom: wrote /run/config",
            "format \\| format: formatted /dev/vda1 as ext4 labelled redis",
            "mount \\| mountie: mounted ext4 /dev/vda1 on /var/lib/redis",
            "service redis: started",
            "watcher \\| MARK-DONE-SEEN",
            "shutdown: unmounted ext4 /dev/vda1 from /var/lib/redis");

        // No CD and no metadata service (restrict=on): redis runs on the package's settings.
        var second = await BootAndSend(image, disk, "redis-disk-2", [], "GET cinit:key", "CONFIG GET maxmemory", "SET cinit:done yes");
        Assert.Equal("$21\r\nwritten-before-reboot\r\n*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n+OK\r\n", second.Replies);
        second.Boot.Console.AssertInOrder("second boot: no userdata, the disk is kept",
            "metadata \\| metadata: no metadata from cdrom, aws, gcp, openstack",
            "format \\| format: /dev/vda1 already holds a filesystem labelled redis: nothing to do",
            "mount \\| mountie: mounted ext4 /dev/vda1 on /var/lib/redis",
            "watcher \\| MARK-DONE-SEEN");
    }

    private static async Task<(QemuBoot Boot, string Replies)> BootAndSend(BootImage image, string disk, string logName, string[] moreArgs, params string[] commands)
    {
        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var trace = new HostPortTrace();
        var replies = Task.Run(() => HostPort.Retry(() => RedisInline.Send(port, commands), cancel.Token, trace));
        var boot = QemuBoot.Run(image, logName,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-drive", $"file={disk},format=raw,if=virtio", .. moreArgs,
             // restrict=on: the guest reaches nothing outside (on a cloud CI machine 169.254.169.254 would be
             // the host's own metadata service); the hostfwd still works.
             "-netdev", $"user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:{port}-:6379", "-device", "virtio-net-pci,netdev=n0"], deadline);
        cancel.Cancel();
        if (!boot.ExitedByItself)
            boot.Console.Fail($"{logName}: QEMU did not exit within {boot.Deadline.TotalSeconds:0} s; the host's redis client on port {port}:\n{trace}");
        boot.AssertPoweredOff();
        boot.Console.AssertAbsent($"{logName}: nothing failed", "FAILED");
        return (boot, await replies);
    }
}
