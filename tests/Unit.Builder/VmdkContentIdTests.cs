using System.Text;
using Builder.Formats;

namespace Tests.UnitBuilder;

/// <summary>
/// The VMDK content id that makes two builds byte-identical: qemu-img prints its random CID without leading
/// zeros (1 in 16 builds has 7 digits), and the descriptor must come out the same whatever it printed.
/// </summary>
public sealed class VmdkContentIdTests
{
    private const string After = "\nparentCID=ffffffff\ncreateType=\"monolithicSparse\"\n";

    private static MemoryStream Disk(string randomCid)
    {
        var bytes = new byte[4096];
        "KDMV"u8.CopyTo(bytes);
        Encoding.ASCII.GetBytes("# Disk DescriptorFile\nversion=1\nCID=" + randomCid + After).CopyTo(bytes, 512);
        bytes[2048] = 0xAA; // the grain tables after the descriptor's padding stay where they are
        var stream = new MemoryStream();
        stream.Write(bytes);
        return stream;
    }

    [Theory]
    [InlineData("5a3f2c1e")]
    [InlineData("5a3f2c1")]
    [InlineData("1")]
    public void The_descriptor_is_the_same_whatever_qemu_img_printed(string randomCid)
    {
        using var disk = Disk(randomCid);
        Assert.True(QemuImgConverter.SetVmdkContentId(disk, "0123abcd"));

        using var expected = Disk("0123abcd");
        Assert.Equal(expected.ToArray(), disk.ToArray());
    }

    [Fact]
    public void A_file_without_a_descriptor_is_refused()
    {
        using var file = new MemoryStream(new byte[1024]);
        Assert.False(QemuImgConverter.SetVmdkContentId(file, "0123abcd"));
    }
}
