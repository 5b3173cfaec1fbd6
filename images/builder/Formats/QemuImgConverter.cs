using System.Security.Cryptography;
using System.Text;

namespace Builder.Formats;

/// <summary>
/// The virtual-machine disk formats, converted from a raw disk by qemu-img (Debian's qemu-utils). qcow2
/// comes out the same for the same input. The other two carry a random number each, replaced with one
/// derived from the raw disk's SHA-256 so two builds give the same bytes: VMDK's content id (<c>CID=</c>
/// in its text descriptor) and VHD's footer timestamp and UUID (VHD: fixed, the format Azure takes, its
/// size exactly the raw disk's, which is whole MiB as Azure asks).
/// </summary>
internal static class QemuImgConverter
{
    private static readonly HostTool QemuImg = new("qemu-img", "qemu-utils");
    private const int VhdFooterSize = 512;

    public static void Qcow2(string raw, string output, long epoch, string staging) =>
        QemuImg.Run(epoch, staging, "convert", "-q", "-f", "raw", "-O", "qcow2", raw, output);

    public static void Vmdk(string raw, string output, long epoch, string staging)
    {
        QemuImg.Run(epoch, staging, "convert", "-q", "-f", "raw", "-O", "vmdk", raw, output);
        var cid = Convert.ToHexStringLower(HashOf(raw).AsSpan(0, 4));
        using var file = File.Open(output, FileMode.Open, FileAccess.ReadWrite);
        if (!SetVmdkContentId(file, cid)) throw new BuildFailure($"qemu-img wrote {output} without a CID= line in its descriptor");
    }

    /// <summary>
    /// Replaces the <c>CID=</c> value of a VMDK's text descriptor (the sectors after the sparse header, text
    /// then NUL padding). qemu-img prints its random CID without leading zeros, so it has 1 to 8 digits: the
    /// rest of the descriptor moves with the new 8-digit value, into the padding, and ends the same whatever
    /// the random number was. False when there is no descriptor to change.
    /// </summary>
    internal static bool SetVmdkContentId(Stream file, string cid)
    {
        var head = new byte[Math.Min(file.Length, 64 * 1024)];
        file.Position = 0;
        file.ReadExactly(head);
        var at = head.AsSpan().IndexOf("\nCID="u8);
        if (at < 0) return false;
        var value = at + 5;
        var digits = head.AsSpan(value).IndexOf((byte)'\n');
        var text = head.AsSpan(value).IndexOf((byte)0);
        if (digits is < 1 or > 8 || text < digits) return false;
        var rest = head.AsSpan(value + digits, text - digits);
        var grow = 8 - digits;
        // The padding must hold what the value grows by, or the text would run into the grain tables.
        if (value + text + grow > head.Length || head.AsSpan(value + text, grow).ContainsAnyExcept((byte)0)) return false;
        var replaced = new byte[8 + rest.Length];
        Encoding.ASCII.GetBytes(cid, replaced);
        rest.CopyTo(replaced.AsSpan(8));
        file.Position = value;
        file.Write(replaced);
        return true;
    }

    public static void Vhd(string raw, string output, long epoch, string staging)
    {
        QemuImg.Run(epoch, staging, "convert", "-q", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed,force_size=on", raw, output);
        using var file = File.Open(output, FileMode.Open, FileAccess.ReadWrite);
        var footer = new byte[VhdFooterSize];
        file.Position = file.Length - VhdFooterSize;
        file.ReadExactly(footer);
        if (!footer.AsSpan(0, 8).SequenceEqual("conectix"u8)) throw new BuildFailure($"qemu-img wrote {output} without a VHD footer");
        // Seconds since 2000-01-01 (VHD's epoch); SOURCE_DATE_EPOCH before that is 0.
        var stamp = (uint)Math.Max(0, epoch - 946684800);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(24), stamp);
        HashOf(raw).AsSpan(0, 16).CopyTo(footer.AsSpan(68));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(64), 0);
        var sum = 0u;
        foreach (var b in footer) sum += b;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(64), ~sum);
        file.Position = file.Length - VhdFooterSize;
        file.Write(footer);
    }

    private static byte[] HashOf(string file)
    {
        using var f = File.OpenRead(file);
        return SHA256.HashData(f);
    }
}
