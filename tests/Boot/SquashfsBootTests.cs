namespace Tests.Boot;

/// <summary>
/// images/test-squashfs.yml as kernel+squashfs: <c>-kernel</c> with the small initramfs (init and the modules
/// only) and the root as a virtio disk. init must find the squashfs, switch to it under a tmpfs overlay, run
/// the containers from it, let a service write into the root, and power off.
/// </summary>
public sealed class SquashfsBootTests : IDisposable
{
    private readonly BootImage _image = BootImage.Build("test-squashfs", "--format", "kernel+squashfs");

    public void Dispose() => _image.Dispose();

    [Fact]
    public void RootComesFromTheSquashfsDiskUnderAWritableOverlay()
    {
        var initrd = _image.Output("test-squashfs-squashfs-initrd.img");
        var squashfs = _image.Output("test-squashfs-squashfs.img");
        var boot = QemuBoot.Run(_image, "test-squashfs",
            ["-kernel", _image.Kernel, "-initrd", initrd, "-append", _image.Cmdline,
             "-drive", $"file={squashfs},format=raw,snapshot=on,if=virtio"], QemuBoot.DefaultDeadline);
        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("initramfs -> squashfs root -> containers from it -> poweroff",
            "cinit-modprobe: fs-squashfs: loaded squashfs",
            @"boot: root is squashfs /dev/vda under a tmpfs overlay",
            "boot: hostname squashed",
            @"first \| MARK-ONBOOT-FROM-SQUASHFS",
            @"stopper \| hostname squashed",
            @"stopper \| MARK-ROOT-WRITABLE",
            "shutdown: poweroff requested");
        boot.Console.AssertAbsent("no container fails", "FAILED");
    }
}
