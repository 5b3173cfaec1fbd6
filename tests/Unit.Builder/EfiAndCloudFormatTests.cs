using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using Builder;
using Builder.Formats;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>
/// iso-efi, raw-efi and the formats converted from the raw disks (qcow2, vhd, vmdk, gcp, aws), built with
/// the real Debian tools and read back: the GPT by hand (checksums, backup), the FAT with mtools, the VM
/// formats with <c>qemu-img compare</c> against the raw disk they came from. Booting them is tests/Boot.
/// </summary>
public sealed class EfiAndCloudFormatTests : IDisposable
{
    private const string Yaml = "kernel:\n  image: pkg/kernel-bz\n  cmdline: \"console=ttyS0 panic=-1\"\nservices:\n  - name: web\n    image: pkg/app\n";
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly byte[] BzImage = FakeBzImage();

    private readonly TestWorkspace _ws = new();

    public EfiAndCloudFormatTests()
    {
        var modules = new TarLayer().Dir("lib/modules/6.1.0-test").File("lib/modules/6.1.0-test/modules.dep", "\n").ToBytes();
        new TestImage(null, new TarLayer().File("kernel", BzImage).File("kernel.tar", modules).ToBytes(gzip: true))
            .WriteOciLayout(_ws["pkg/kernel-bz"]);
    }

    public void Dispose() => _ws.Dispose();

    private static byte[] FakeBzImage()
    {
        var bytes = new byte[4096];
        "MZ"u8.CopyTo(bytes);
        "HdrS"u8.CopyTo(bytes.AsSpan(0x202));
        return bytes;
    }

    private string Out(string name) => Path.Combine(_ws.Out, name);

    private void Build(params OutputFormat[] formats) => new ImageBuild([_ws.Yaml("img.yml", Yaml)], _ws.Out, _ws.Bin, formats).Run();

    [Fact]
    public void RawEfiIsAGptWithOneEspHoldingSystemdBootTheKernelAndItsEntry()
    {
        Build(OutputFormat.KernelInitrd, OutputFormat.RawEfi);
        var raw = Out("img-efi.raw");
        var disk = File.ReadAllBytes(raw);
        var sectors = disk.Length / 512L;
        Assert.Equal(0xEE, disk[446 + 4]); // the protective MBR
        var primary = GptHeader(disk, 1);
        var backup = GptHeader(disk, sectors - 1);
        Assert.Equal((1L, sectors - 1, 2L), (primary.MyLba, primary.Alternate, primary.ArrayLba));
        Assert.Equal((sectors - 1, 1L, sectors - 33), (backup.MyLba, backup.Alternate, backup.ArrayLba));
        var entry = disk.AsSpan(1024, 128);
        Assert.Equal(GuidPartitionTable.EfiSystemPartition, new Guid(entry[..16]));
        Assert.Equal(2048L, BinaryPrimitives.ReadInt64LittleEndian(entry[32..]));
        Assert.True(BinaryPrimitives.ReadInt64LittleEndian(entry[40..]) < backup.ArrayLba);
        Assert.Equal(disk.AsSpan(1024, 16384).ToArray(), disk.AsSpan((int)(backup.ArrayLba * 512), 16384).ToArray());
        Assert.Equal("FAT32   ", System.Text.Encoding.ASCII.GetString(disk, 1024 * 1024 + 0x52, 8));
        Assert.Equal(File.ReadAllBytes("/usr/lib/systemd/boot/efi/systemd-bootx64.efi"), DiskTools.ReadFat(raw, "EFI/BOOT/BOOTX64.EFI"));
        Assert.Equal(BzImage, DiskTools.ReadFat(raw, "kernel"));
        Assert.Equal(File.ReadAllBytes(Out("img-initrd.img")), DiskTools.ReadFat(raw, "initrd.img"));
        Assert.Equal("title cinit\nlinux /kernel\ninitrd /initrd.img\noptions console=ttyS0 panic=-1\n",
            System.Text.Encoding.UTF8.GetString(DiskTools.ReadFat(raw, "loader/entries/cinit.conf")));
        Assert.Contains("timeout 0\n", System.Text.Encoding.UTF8.GetString(DiskTools.ReadFat(raw, "loader/loader.conf")));
    }

    private static (long MyLba, long Alternate, long ArrayLba) GptHeader(byte[] disk, long lba)
    {
        var h = disk.AsSpan((int)(lba * 512), 92).ToArray();
        Assert.Equal("EFI PART", System.Text.Encoding.ASCII.GetString(h, 0, 8));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(16));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 0);
        Assert.Equal(crc, Crc32.Of(h));
        var arrayLba = BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(72));
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(88)), Crc32.Of(disk.AsSpan((int)(arrayLba * 512), 128 * 128)));
        return (BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(24)), BinaryPrimitives.ReadInt64LittleEndian(h.AsSpan(32)), arrayLba);
    }

    [Fact]
    public void Crc32IsIeee() => Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));

    [Fact]
    public void IsoEfiBootsAnEspImageThroughElTorito()
    {
        Build(OutputFormat.KernelInitrd, OutputFormat.IsoEfi);
        var tree = _ws["iso-tree"];
        DiskTools.ExtractIso(Out("img-efi.iso"), tree);
        var esp = Path.Combine(tree, "efiboot.img");
        Assert.Equal(BzImage, DiskTools.ReadFat(esp, "kernel", offset: "0"));
        Assert.Equal(File.ReadAllBytes(Out("img-initrd.img")), DiskTools.ReadFat(esp, "initrd.img", offset: "0"));
        Assert.NotEmpty(DiskTools.ReadFat(esp, "EFI/BOOT/BOOTX64.EFI", offset: "0"));
        var report = DiskTools.Run("xorriso", "xorriso", "-indev", Out("img-efi.iso"), "-report_el_torito", "plain");
        Assert.Matches(@"El Torito boot img :\s+1\s+UEFI\s+y", report);
    }

    [Fact]
    public void VirtualMachineFormatsHoldTheirRawDiskByteForByte()
    {
        Build(OutputFormat.RawBios, OutputFormat.RawEfi, OutputFormat.Qcow2Bios, OutputFormat.Qcow2Efi, OutputFormat.Vhd, OutputFormat.Vmdk);
        foreach (var (file, format, raw) in new[]
                 {
                     ("img.qcow2", "qcow2", "img.raw"), ("img-efi.qcow2", "qcow2", "img-efi.raw"),
                     ("img.vhd", "vpc", "img.raw"), ("img.vmdk", "vmdk", "img.raw"),
                 })
            DiskTools.Run("qemu-img", "qemu-utils", "compare", "-q", "-f", "raw", "-F", format, Out(raw), Out(file));
        var footer = File.ReadAllBytes(Out("img.vhd"))[^512..];
        Assert.Equal("conectix", System.Text.Encoding.ASCII.GetString(footer, 0, 8));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(60))); // fixed
        Assert.Equal(new FileInfo(Out("img.raw")).Length, BinaryPrimitives.ReadInt64BigEndian(footer.AsSpan(48)));
        var sum = 0u;
        for (var i = 0; i < footer.Length; i++) if (i is < 64 or >= 68) sum += footer[i];
        Assert.Equal(~sum, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(64)));
    }

    [Fact]
    public void CloudDisksAreTheBiosDiskPaddedToWholeGiB()
    {
        Build(OutputFormat.RawBios, OutputFormat.Gcp, OutputFormat.Aws);
        var raw = File.ReadAllBytes(Out("img.raw"));
        using (var aws = File.OpenRead(Out("img-aws.raw"))) AssertPadded(aws, raw, aws.Length);
        using var gz = new GZipStream(File.OpenRead(Out("img.img.tar.gz")), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        var entry = tar.GetNextEntry()!;
        Assert.Equal(("disk.raw", TarEntryType.RegularFile, 0, 0), (entry.Name, entry.EntryType, entry.Uid, entry.Gid));
        AssertPadded(entry.DataStream!, raw, entry.Length);
        Assert.Null(tar.GetNextEntry());
    }

    private static void AssertPadded(Stream disk, byte[] raw, long length)
    {
        Assert.Equal(GiB, length);
        var head = new byte[raw.Length];
        disk.ReadExactly(head);
        Assert.Equal(raw, head);
    }
}
