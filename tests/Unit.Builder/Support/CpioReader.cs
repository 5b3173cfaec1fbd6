using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Tests.UnitBuilder.Support;

/// <summary>
/// An independent newc reader for the tests: checks the magic, the 4-byte alignment of names and data,
/// mtime 0 and the trailer, and returns every entry before the trailer.
/// </summary>
internal static class CpioReader
{
    public static List<CpioEntry> ReadGzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var raw = new MemoryStream();
        gz.CopyTo(raw);
        return Read(raw.ToArray());
    }

    public static List<CpioEntry> Read(byte[] bytes)
    {
        var entries = new List<CpioEntry>();
        var pos = 0;
        while (true)
        {
            var magic = Encoding.ASCII.GetString(bytes, pos, 6);
            Assert.Equal("070701", magic);
            uint F(int i) => uint.Parse(Encoding.ASCII.GetString(bytes, pos + 6 + 8 * i, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var (ino, mode, uid, gid, nlink, mtime, size) = (F(0), F(1), F(2), F(3), F(4), F(5), F(6));
            var (rmaj, rmin, namesize) = (F(9), F(10), F(11));
            Assert.Equal(0u, mtime);
            var name = Encoding.UTF8.GetString(bytes, pos + 110, (int)namesize - 1);
            Assert.Equal(0, bytes[pos + 110 + (int)namesize - 1]);
            pos = Align(pos + 110 + (int)namesize);
            var data = bytes.AsSpan(pos, (int)size).ToArray();
            pos = Align(pos + (int)size);
            if (name == "TRAILER!!!")
            {
                Assert.True(bytes.Skip(pos).All(b => b == 0), "nothing but padding may follow the trailer");
                return entries;
            }
            entries.Add(new CpioEntry(name, ino, mode, uid, gid, nlink, rmaj, rmin, data));
        }
    }

    /// <summary>The bytes of every file name, hard links resolved (the data sits with one name of the inode).</summary>
    public static Dictionary<string, string> FileTexts(IEnumerable<CpioEntry> entries)
    {
        var list = entries.ToList();
        var byInode = list.Where(e => e.Type == 0x8000).GroupBy(e => e.Inode)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Data.Length).First().Text);
        return list.Where(e => e.Type == 0x8000).ToDictionary(e => e.Name, e => byInode[e.Inode]);
    }

    private static int Align(int n) => (n + 3) & ~3;
}
