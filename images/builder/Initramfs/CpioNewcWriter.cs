using System.Text;

namespace Builder.Initramfs;

/// <summary>
/// Writes the "new ASCII" cpio format (magic 070701) that the kernel unpacks as the initramfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte hex header, the NUL-terminated
/// name padded to 4 bytes, the data padded to 4 bytes, and a <c>TRAILER!!!</c> entry at the end.
/// mtime is always 0 so the same tree gives the same bytes.
/// </summary>
internal sealed class CpioNewcWriter(Stream output)
{
    private const string Trailer = "TRAILER!!!";
    private long _offset;

    public void Write(CpioHeader h, string name, Stream? data)
    {
        if (h.FileSize > uint.MaxValue) throw new BuildFailure($"{name}: {h.FileSize} bytes is too large for a cpio entry (4 GiB max)");
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder("070701", 110);
        foreach (var field in (ReadOnlySpan<long>)[h.Inode, h.Mode, h.Uid, h.Gid, h.Links, 0, h.FileSize, 0, 0, h.RdevMajor, h.RdevMinor, nameBytes.Length, 0])
            header.Append(field.ToString("x8"));
        Emit(Encoding.ASCII.GetBytes(header.ToString()));
        Emit(nameBytes);
        Pad();
        if (data is not null) CopyExactly(data, h.FileSize, name);
        Pad();
    }

    public void WriteTrailer() => Write(new CpioHeader(0, 0, 0, 0, 1, 0), Trailer, null);

    private void CopyExactly(Stream data, long size, string name)
    {
        var buffer = new byte[81920];
        long left = size;
        while (left > 0)
        {
            var n = data.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new BuildFailure($"{name}: content ended {left} bytes early");
            Emit(buffer.AsSpan(0, n));
            left -= n;
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        _offset += bytes.Length;
    }

    private void Pad()
    {
        var pad = (int)((4 - (_offset & 3)) & 3);
        if (pad > 0) Emit(stackalloc byte[pad]);
    }
}
