using System.IO.Compression;

namespace Builder.Layers;

/// <summary>
/// Opens a tar that may be gzip'd, zstd-compressed (OCI's <c>tar+zstd</c> layers) or plain. Media types
/// and file names are not always right (<c>docker save | gzip</c>, layers labelled tar+gzip that are
/// plain tar); the magic number is.
/// </summary>
internal static class MaybeGzip
{
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    public static Stream Open(Stream s)
    {
        var buffered = new BufferedStream(s, 65536);
        Span<byte> magic = stackalloc byte[4];
        var n = buffered.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        var replayed = new PrefixedStream(magic[..n].ToArray(), buffered);
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(replayed, CompressionMode.Decompress);
        if (n == 4 && magic.SequenceEqual(ZstdMagic)) return new ZstdSharp.DecompressionStream(replayed);
        return replayed;
    }
}
