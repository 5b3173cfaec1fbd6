using System.Security.Cryptography;

namespace Builder.Cache;

/// <summary>
/// Streams one blob into the cache: bytes go to a temp file beside its final name while their sha256 is
/// computed; only a blob of the announced size and digest is renamed into place. An interrupted or
/// corrupt download therefore leaves at most a <c>.partial-*</c> file, which nothing reads.
/// </summary>
internal static class BlobWriter
{
    /// <summary>A registry that stops sending for this long is treated as gone.</summary>
    public static TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public static async Task WriteAsync(string finalPath, string digest, long? size, Stream source, CancellationToken ct)
    {
        var temp = $"{finalPath[..^64]}.partial-{finalPath[^64..]}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            var (actual, length) = await CopyHashingAsync(source, temp, digest, size, ct);
            if (size is { } expected && length != expected)
                throw new BuildFailure($"blob {digest}: got {length} bytes, the manifest says {expected}");
            if (actual != digest) throw new BuildFailure($"blob {digest}: the registry sent bytes whose digest is {actual}");
            File.Move(temp, finalPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<(string Digest, long Length)> CopyHashingAsync(Stream source, string temp, string digest, long? size, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[128 * 1024];
        long length = 0;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
        {
            while (true)
            {
                int n;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        n = await source.ReadAsync(buffer, idle.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new BuildFailure($"blob {digest}: nothing received for {IdleTimeout.TotalSeconds:0} s after {length} bytes{Of(size)}");
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        throw new BuildFailure($"blob {digest}: connection lost after {length} bytes{Of(size)}: {e.Message}");
                    }
                }
                if (n == 0) break;
                length += n;
                // Stop early on a body longer than announced rather than filling the disk.
                if (size is { } max && length > max) throw new BuildFailure($"blob {digest}: more than the {max} bytes the manifest says");
                hash.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
        }
        return ("sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    private static string Of(long? size) => size is null ? "" : $" of {size}";
}
