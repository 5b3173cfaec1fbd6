using Builder.Registry;

namespace Builder.Cache;

/// <summary>
/// Follows digests through the cache: index -> the manifests it has -> config and layers. Used to decide
/// whether a cached image is complete (a ref is only recorded after all its blobs, but blobs can be
/// pruned or deleted by hand) and which blobs any reference still reaches.
/// </summary>
internal sealed class CacheWalk(ImageCache cache)
{
    private const int MaxDepth = 4;

    /// <summary>The linux/amd64 manifest under a top-level digest, if it and all its blobs are cached.</summary>
    public string? CompleteManifest(string digest, int depth = 0)
    {
        if (depth > MaxDepth || !cache.Has(digest)) return null;
        var doc = Read(digest);
        if (doc is null) return null;
        if (doc.IsIndex)
            return PlatformChoice.Find(doc.Manifests!) is { } chosen ? CompleteManifest(chosen.Digest, depth + 1) : null;
        return doc.Blobs().All(b => cache.Has(b.Digest)) ? digest : null;
    }

    /// <summary>Every cached blob a digest reaches, itself included.</summary>
    public void MarkReachable(string digest, HashSet<string> marked, int depth = 0)
    {
        if (depth > MaxDepth || !cache.Has(digest) || !marked.Add(digest)) return;
        var doc = Read(digest);
        if (doc is null) return;
        foreach (var child in doc.Manifests ?? []) MarkReachable(child.Digest, marked, depth + 1);
        foreach (var blob in doc.Blobs())
            if (cache.Has(blob.Digest)) marked.Add(blob.Digest);
    }

    /// <summary>Bytes a top-level digest keeps in the cache (itself, its manifest, config and layers).</summary>
    public long Size(string digest)
    {
        var marked = new HashSet<string>(StringComparer.Ordinal);
        MarkReachable(digest, marked);
        return marked.Sum(d => new FileInfo(cache.BlobPath(d)).Length);
    }

    /// <summary>A manifest or index blob; null when the blob is not one (it cannot then reach anything).</summary>
    private ManifestDocument? Read(string digest)
    {
        try
        {
            return RegistryJson.ParseManifest(File.ReadAllBytes(cache.BlobPath(digest)), digest);
        }
        catch (BuildFailure)
        {
            return null;
        }
    }
}
