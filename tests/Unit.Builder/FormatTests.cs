using System.Buffers.Binary;
using Builder;
using Builder.Formats;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>
/// The iso-bios and raw-bios formats, built with the real Debian tools (xorriso, mtools, syslinux, dosfstools)
/// from a kernel image whose /kernel is not a bzImage but that ships /boot/vmlinuz, as ours does, and read
/// back with those tools. Booting them is tests/Boot/FormatBootTests.
/// </summary>
public sealed class FormatTests : IDisposable
{
    private const string Yaml = "kernel:\n  image: pkg/kernel-bz\n  cmdline: \"console=ttyS0 panic=-1\"\nservices:\n  - name: web\n    image: pkg/app\n";

    private readonly TestWorkspace _ws = new();

    public FormatTests()
    {
        var modules = new TarLayer().Dir("lib/modules/6.1.0-test").File("lib/modules/6.1.0-test/modules.dep", "\n").ToBytes();
        new TestImage(null, new TarLayer().File("kernel", TestWorkspace.KernelBytes).File("kernel.tar", modules)
                .Dir("boot").File("boot/vmlinuz", FakeBzImage).ToBytes(gzip: true))
            .WriteOciLayout(_ws["pkg/kernel-bz"]);
    }

    /// <summary>Just enough of a bzImage for the builder to take it: the setup header's "HdrS" at 0x202.</summary>
    private static byte[] FakeBzImage
    {
        get
        {
            var bytes = new byte[4096];
            "HdrS"u8.CopyTo(bytes.AsSpan(0x202));
            "fake bzImage"u8.CopyTo(bytes.AsSpan(0x400));
            return bytes;
        }
    }

    public void Dispose() => _ws.Dispose();

    private void Build(string yaml, params OutputFormat[] formats) => new ImageBuild([_ws.Yaml(yaml, Yaml)], _ws.Out, _ws.Bin, formats).Run();

    [Theory]
    [InlineData("kernel+initrd", "KernelInitrd")]
    [InlineData("iso-bios", "IsoBios")]
    [InlineData("raw-bios,iso-bios", "RawBios IsoBios")]
    [InlineData(" iso-bios , kernel+initrd", "IsoBios KernelInitrd")]
    public void FormatNamesAreLinuxKits(string value, string expected) =>
        Assert.Equal(expected, string.Join(' ', OutputFormatNames.Parse(value)));

    [Theory]
    [InlineData("qcow3")]
    [InlineData("")]
    [InlineData("raw-bios,,iso-bios")]
    public void UnknownFormatNamesTheKnownOnes(string value)
    {
        var e = Assert.Throws<BuildFailure>(() => OutputFormatNames.Parse(value).ToArray());
        Assert.Matches("^unknown format \"[^\"]*\" \\(expected: kernel\\+initrd, iso-bios, raw-bios, iso-efi, raw-efi, qcow2-bios, qcow2-efi, vhd, vmdk, gcp, aws, kernel\\+squashfs\\)$", e.Message);
    }

    [Fact]
    public void OnlyTheAskedFormatsAreWritten()
    {
        Build("img.yml", OutputFormat.IsoBios, OutputFormat.RawBios);
        Assert.Equal(["img.iso", "img.raw"], Directory.GetFileSystemEntries(_ws.Out).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void IsoHoldsIsolinuxTheBzImageTheInitrdAndTheCmdline()
    {
        Build("img.yml", OutputFormat.KernelInitrd, OutputFormat.IsoBios);
        var tree = _ws["iso-tree"];
        DiskTools.ExtractIso(Path.Combine(_ws.Out, "img.iso"), tree);
        Assert.Equal(FakeBzImage, File.ReadAllBytes(Path.Combine(tree, "kernel")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_ws.Out, "img-initrd.img")), File.ReadAllBytes(Path.Combine(tree, "initrd.img")));
        Assert.Equal(File.ReadAllBytes("/usr/lib/syslinux/modules/bios/ldlinux.c32"), File.ReadAllBytes(Path.Combine(tree, "isolinux/ldlinux.c32")));
        Assert.True(File.Exists(Path.Combine(tree, "isolinux/isolinux.bin")));
        Assert.Contains("\n  APPEND console=ttyS0 panic=-1\n", File.ReadAllText(Path.Combine(tree, "isolinux/isolinux.cfg")));
        var head = File.ReadAllBytes(Path.Combine(_ws.Out, "img.iso")).AsSpan(0, 0x8400);
        Assert.Equal((byte)0x55, head[510]); // the isohybrid MBR
        Assert.Equal("CD001", System.Text.Encoding.ASCII.GetString(head.Slice(0x8001, 5)));
        Assert.Equal("CINIT", System.Text.Encoding.ASCII.GetString(head.Slice(0x8028, 32)).TrimEnd());
    }

    [Fact]
    public void RawHasSyslinuxMbrAndOneActiveFatPartitionWithTheBootFiles()
    {
        Build("img.yml", OutputFormat.KernelInitrd, OutputFormat.RawBios);
        var raw = Path.Combine(_ws.Out, "img.raw");
        var disk = File.ReadAllBytes(raw);
        var mbrCode = File.ReadAllBytes("/usr/lib/syslinux/mbr/mbr.bin");
        Assert.Equal(mbrCode, disk.AsSpan(0, mbrCode.Length).ToArray());
        Assert.Equal((0x80, 0x0E), (disk[446], disk[446 + 4]));
        var (start, sectors) = (BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(454)), BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(458)));
        Assert.Equal(2048u, start);
        Assert.Equal(disk.Length, (start + sectors) * 512L);
        Assert.Equal((0x55, 0xAA), (disk[510], disk[511]));
        Assert.Equal("FAT16   ", System.Text.Encoding.ASCII.GetString(disk, 1024 * 1024 + 0x36, 8));
        Assert.Equal(FakeBzImage, DiskTools.ReadFat(raw, "kernel"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_ws.Out, "img-initrd.img")), DiskTools.ReadFat(raw, "initrd.img"));
        Assert.Contains("\n  APPEND console=ttyS0 panic=-1\n", System.Text.Encoding.UTF8.GetString(DiskTools.ReadFat(raw, "syslinux.cfg")));
        Assert.NotEmpty(DiskTools.ReadFat(raw, "ldlinux.sys"));
        Assert.NotEmpty(DiskTools.ReadFat(raw, "ldlinux.c32"));
    }

    [Fact]
    public void KernelImageWithoutBzImageSaysWhyAndLeavesNoOutput()
    {
        var yaml = _ws.Yaml("img.yml", "kernel:\n  image: pkg/kernel\n");
        var e = Assert.Throws<BuildFailure>(() => new ImageBuild([yaml], _ws.Out, _ws.Bin, [OutputFormat.KernelInitrd, OutputFormat.RawBios]).Run());
        Assert.Equal("kernel image pkg/kernel: /kernel is not a bzImage (no \"HdrS\" at 0x202, e.g. an ELF vmlinux) and it has no /boot/vmlinuz; "
            + "BIOS boot loaders need a bzImage (rebuild images/pkg/kernel, which ships one)", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_ws.Out));
    }

    [Theory]
    [InlineData(0u, new byte[] { 0, 1, 0 })]
    [InlineData(2048u, new byte[] { 32, 33, 0 })]
    [InlineData(16065u, new byte[] { 0, 1, 1 })] // 255 * 63 sectors per cylinder
    [InlineData(16450559u, new byte[] { 254, 63 | 0xC0, 0xFF })] // the last sector of cylinder 1023
    [InlineData(16450560u, new byte[] { 0xFE, 0xFF, 0xFF })] // beyond CHS: saturated
    public void MbrChsOfThePartitionStart(uint lba, byte[] chs)
    {
        var mbr = MasterBootRecord.Create([0xFA], 0x01020304, lba, 1, 0x0E);
        Assert.Equal(chs, mbr.AsSpan(447, 3).ToArray());
        Assert.Equal((0xFA, 0x04, 0x80), (mbr[0], mbr[440], mbr[446]));
    }

    [Theory]
    [InlineData(0L, 16)]
    [InlineData(20L * 1024 * 1024, 23)]
    [InlineData(100L * 1024 * 1024, 107)]
    public void PartitionLeavesRoomForFatAndSyslinux(long files, long mib) =>
        Assert.Equal(mib * 1024 * 1024, RawBiosWriter.PartitionSize(files));
}
