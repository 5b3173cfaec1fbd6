using System.Formats.Tar;
using System.IO.Compression;

namespace Tests.Boot;

/// <summary>
/// images/test-order.yml built in every disk format but iso-bios and raw-bios (FormatBootTests boots those),
/// in one build, and each booted from the disk image alone, without <c>-kernel</c>, to a poweroff from
/// inside. The EFI ones run on Debian's OVMF: firmware -> systemd-boot -> the kernel's EFI stub -> init.
/// The others are the BIOS disk in another container (qcow2, vhd, vmdk) or padded (gcp, aws), booted by
/// SeaBIOS through syslinux, with QEMU reading the format.
/// </summary>
public sealed class DiskFormatBootTests(DiskFormatBootTests.Images images) : IClassFixture<DiskFormatBootTests.Images>
{
    private const string Ovmf = "/usr/share/OVMF/OVMF_CODE_4M.fd", OvmfVars = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    private const string SyslinuxCmdline = "Command line: BOOT_IMAGE=/kernel console=ttyS0 panic=-1 initrd=/initrd.img";
    // systemd-boot names the initrd it hands over (through the EFI stub's initrd device path) first.
    private const string SystemdBootCmdline = @"Command line: initrd=\\initrd.img console=ttyS0 panic=-1";

    public sealed class Images : IDisposable
    {
        internal BootImage Image { get; } = BootImage.Build("test-order", "--format",
            "kernel+initrd,iso-efi,raw-efi,qcow2-bios,qcow2-efi,vhd,vmdk,gcp,aws");

        public void Dispose() => Image.Dispose();
    }

    [Fact]
    public void IsoEfiBootsFromTheCdromThroughOvmfAndSystemdBoot()
    {
        var iso = images.Image.Output("test-order-efi.iso");
        AssertBootsToPoweroff(QemuBoot.Run(images.Image, "test-order-iso-efi",
            [.. Firmware(), "-drive", $"file={iso},media=cdrom,if=none,id=cd,readonly=on", "-device", "ide-cd,drive=cd,bootindex=0"],
            QemuBoot.DefaultDeadline), SystemdBootCmdline);
    }

    [Theory]
    [InlineData("test-order-efi.raw", "raw")]
    [InlineData("test-order-efi.qcow2", "qcow2")]
    public void EfiDiskBootsThroughOvmfAndSystemdBoot(string file, string format) =>
        AssertBootsToPoweroff(BootDisk(images.Image.Output(file), format, Firmware()), SystemdBootCmdline);

    [Theory]
    [InlineData("test-order.qcow2", "qcow2")]
    [InlineData("test-order.vhd", "vpc")]
    [InlineData("test-order.vmdk", "vmdk")]
    [InlineData("test-order-aws.raw", "raw")]
    public void BiosDiskBootsThroughSyslinux(string file, string format) =>
        AssertBootsToPoweroff(BootDisk(images.Image.Output(file), format, []), SyslinuxCmdline);

    [Fact]
    public void GcpArchiveHoldsABootableDiskRaw()
    {
        var disk = images.Image.Output("gcp-disk.raw");
        using (var gz = new GZipStream(File.OpenRead(images.Image.Output("test-order.img.tar.gz")), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            var entry = tar.GetNextEntry() ?? throw new InvalidOperationException("test-order.img.tar.gz is empty");
            Assert.Equal("disk.raw", entry.Name);
            entry.ExtractToFile(disk, overwrite: true);
        }
        AssertBootsToPoweroff(BootDisk(disk, "raw", []), SyslinuxCmdline);
    }

    private static string[] Firmware()
    {
        if (!File.Exists(Ovmf)) throw new InvalidOperationException($"{Ovmf} is missing: apt-get install ovmf");
        return ["-drive", $"if=pflash,format=raw,readonly=on,file={Ovmf}", "-drive", $"if=pflash,format=raw,snapshot=on,file={OvmfVars}"];
    }

    // snapshot: the guest's writes (none expected) never reach the image file.
    private QemuBoot BootDisk(string file, string format, string[] firmware) =>
        QemuBoot.Run(images.Image, "test-order-" + Path.GetFileName(file),
            [.. firmware, "-drive", $"file={file},format={format},snapshot=on,if=none,id=disk", "-device", "virtio-blk-pci,drive=disk,bootindex=0"],
            QemuBoot.DefaultDeadline);

    private static void AssertBootsToPoweroff(QemuBoot boot, string commandLine)
    {
        boot.AssertPoweredOff();
        // The loader's own words on the cmdline: the kernel came from the disk image, not from -kernel.
        boot.Console.AssertInOrder("firmware -> boot loader -> kernel -> init -> services -> poweroff",
            commandLine, "init: starting \\(pid 1, kernel ", "boot: services started", "shutdown: poweroff requested");
        boot.Console.AssertAbsent("no container fails", "FAILED");
    }
}
