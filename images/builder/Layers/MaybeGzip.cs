using System.IO.Compression;

namespace Builder.Layers;

/// <summary>
/// Opens a tar that may or may not be gzip'd. Media types and file names are not always right
/// (<c>docker save | gzip</c>, layers labelled tar+gzip that are plain tar); the magic number is.
/// </summary>
internal static class MaybeGzip
{
    public static Stream Open(Stream s)
    {
        var buffered = new BufferedStream(s, 65536);
        Span<byte> magic = stackalloc byte[2];
        var n = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var replayed = new PrefixedStream(magic[..n].ToArray(), buffered);
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(replayed, CompressionMode.Decompress) : replayed;
    }
}
