using System.Text.RegularExpressions;
using Builder.Registry;

namespace Builder.Cache;

/// <summary>
/// The content-addressed image cache shared by all builds: an OCI image layout at <c>$CINIT_CACHE</c>,
/// else <c>$XDG_CACHE_HOME/cinit</c>, else <c>~/.cache/cinit</c>. Blobs live at
/// <c>blobs/sha256/HEX</c> and are only ever written whole and verified (<see cref="BlobWriter"/>);
/// <c>index.json</c> maps references to digests (<see cref="CacheIndex"/>). Nothing is created until
/// something is stored.
/// </summary>
internal sealed partial class ImageCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public CacheIndex Index { get; } = new(Path.GetFullPath(root));

    public string BlobDirectory => Path.Combine(Root, "blobs", "sha256");

    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable("CINIT_CACHE") is { Length: > 0 } dir) return dir;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
            ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(xdg, "cinit");
    }

    public static ImageCache OpenDefault() => new(DefaultRoot());

    public string BlobPath(string? digest)
    {
        if (digest is null) throw new BuildFailure("missing digest");
        if (!DigestPattern().IsMatch(digest)) throw new BuildFailure($"bad digest \"{digest}\" (expected sha256: and 64 lowercase hex digits)");
        return Path.Combine(BlobDirectory, digest["sha256:".Length..]);
    }

    public bool Has(string digest) => File.Exists(BlobPath(digest));

    public async Task StoreAsync(string digest, long? size, Stream source, CancellationToken ct)
    {
        EnsureLayout();
        await BlobWriter.WriteAsync(BlobPath(digest), digest, size, source, ct);
    }

    public Task StoreAsync(string digest, byte[] bytes, CancellationToken ct) =>
        StoreAsync(digest, bytes.Length, new MemoryStream(bytes, writable: false), ct);

    /// <summary>The <c>oci-layout</c> marker makes the cache readable as an OCI layout by other tools.</summary>
    private void EnsureLayout()
    {
        Directory.CreateDirectory(BlobDirectory);
        var marker = Path.Combine(Root, "oci-layout");
        if (!File.Exists(marker)) File.WriteAllText(marker, "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
