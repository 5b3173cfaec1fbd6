namespace Tests.Boot;

/// <summary>
/// images/test-order.yml built as iso-bios and raw-bios (one build) and booted from the disk image alone,
/// without <c>-kernel</c>: SeaBIOS -> isolinux or mbr.bin + syslinux -> the bzImage -> our init, to a
/// poweroff from inside.
/// </summary>
public sealed class FormatBootTests(FormatBootTests.Images images) : IClassFixture<FormatBootTests.Images>
{
    public sealed class Images : IDisposable
    {
        internal BootImage Image { get; } = BootImage.Build("test-order", "--format", "kernel+initrd,iso-bios,raw-bios");

        public void Dispose() => Image.Dispose();
    }

    [Fact]
    public void IsoBootsFromTheCdromThroughIsolinux()
    {
        var iso = images.Image.Output("test-order.iso");
        AssertBootsToPoweroff(QemuBoot.Run(images.Image, "test-order-iso",
            ["-drive", $"file={iso},media=cdrom,if=none,id=cd,readonly=on", "-device", "ide-cd,drive=cd,bootindex=0"], QemuBoot.DefaultDeadline));
    }

    [Fact]
    public void RawDiskBootsThroughItsMbrAndSyslinux()
    {
        var raw = images.Image.Output("test-order.raw");
        // snapshot: the guest's writes (none expected) never reach the image file.
        AssertBootsToPoweroff(QemuBoot.Run(images.Image, "test-order-raw",
            ["-drive", $"file={raw},format=raw,snapshot=on,if=none,id=disk", "-device", "ide-hd,drive=disk,bootindex=0"], QemuBoot.DefaultDeadline));
    }

    private static void AssertBootsToPoweroff(QemuBoot boot)
    {
        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("boot loader -> kernel -> init -> containers -> poweroff",
            // The loader's own words on the cmdline: the kernel came from the disk image, not from -kernel.
            "Command line: BOOT_IMAGE=/kernel console=ttyS0 panic=-1 initrd=/initrd.img",
            "init: starting \\(pid 1, kernel ",
            "MARK-ONBOOT-FIRST-CONSOLE",
            "boot: onboot done",
            "stopper \\| MARK-POWEROFF",
            "shutdown: poweroff requested");
        boot.Console.AssertAbsent("no container fails", "FAILED");
    }
}
