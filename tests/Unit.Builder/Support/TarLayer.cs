using System.Formats.Tar;
using System.IO.Compression;

namespace Tests.UnitBuilder.Support;

/// <summary>Writes a small image layer in memory, as a test needs it (including hostile entries).</summary>
internal sealed class TarLayer
{
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;

    public TarLayer() => _writer = new TarWriter(_tar, TarEntryFormat.Pax, leaveOpen: true);

    public TarLayer Dir(string name, int mode = 0x1ED, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid });

    public TarLayer File(string name, string contents, int mode = 0x1A4, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)mode, Uid = uid, Gid = gid,
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(contents)),
        });

    public TarLayer File(string name, byte[] contents, int mode = 0x1A4) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)mode, DataStream = new MemoryStream(contents) });

    public TarLayer Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1FF });

    public TarLayer HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0x1A4 });

    public TarLayer CharDevice(string name, int major, int minor, int mode = 0x1B6) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, Mode = (UnixFileMode)mode });

    public TarLayer Fifo(string name) => Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0x1A4 });

    public byte[] ToBytes(bool gzip = false)
    {
        _writer.Dispose();
        var tar = _tar.ToArray();
        if (!gzip) return tar;
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(tar);
        return gz.ToArray();
    }

    private TarLayer Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }
}
