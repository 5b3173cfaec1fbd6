using Builder.Registry;

namespace Builder.Cache;

/// <summary><c>builder cache ls|rm|prune|import</c>: what the cache holds, forgetting references, freeing blobs.</summary>
internal sealed class CacheCommands(ImageCache cache, TextWriter output)
{
    public void List()
    {
        var walk = new CacheWalk(cache);
        output.WriteLine($"{"REFERENCE",-50} {"DIGEST",-19} {"SIZE",10}  STORED");
        foreach (var entry in cache.Index.Entries())
        {
            var complete = walk.CompleteManifest(entry.Digest) is not null ? "" : "  (incomplete)";
            var stored = CacheIndex.TimeOf(entry)?.ToString("yyyy-MM-dd HH:mm") ?? "?";
            output.WriteLine($"{CacheIndex.RefOf(entry),-50} {entry.Digest[..19]} {Mib(walk.Size(entry.Digest)),10}  {stored}{complete}");
        }
    }

    /// <summary>Forgets a reference (or every reference to a digest), then frees the blobs nothing else reaches.</summary>
    public void Remove(string what)
    {
        Func<Descriptor, bool> pick;
        if (what.StartsWith("sha256:", StringComparison.Ordinal)) pick = d => d.Digest == what;
        else
        {
            var full = ImageName.Parse(what).ToString();
            pick = d => CacheIndex.RefOf(d) == full;
        }
        var removed = cache.Index.Remove(pick);
        if (removed.Count == 0) throw new BuildFailure($"cache rm {what}: no such reference or digest in {cache.Root}");
        foreach (var d in removed) output.WriteLine($"removed {CacheIndex.RefOf(d)} ({d.Digest})");
        Prune();
    }

    /// <summary>Deletes the blobs no reference reaches, and partial downloads a day old (a live pull's are younger).</summary>
    public void Prune()
    {
        if (!Directory.Exists(cache.BlobDirectory))
        {
            output.WriteLine("pruned 0 blobs (0.0 MiB)");
            return;
        }
        var (count, bytes) = cache.Index.Locked(() =>
        {
            var marked = new HashSet<string>(StringComparer.Ordinal);
            var walk = new CacheWalk(cache);
            foreach (var entry in cache.Index.Entries()) walk.MarkReachable(entry.Digest, marked);
            var freed = (Count: 0, Bytes: 0L);
            foreach (var file in new DirectoryInfo(cache.BlobDirectory).EnumerateFiles())
            {
                var partial = file.Name.StartsWith(".partial-", StringComparison.Ordinal);
                if (partial ? file.LastWriteTimeUtc > DateTime.UtcNow.AddDays(-1) : marked.Contains("sha256:" + file.Name)) continue;
                freed = (freed.Count + 1, freed.Bytes + file.Length);
                file.Delete();
            }
            return freed;
        });
        output.WriteLine($"pruned {count} blobs ({Mib(bytes)})");
    }

    /// <summary>Copies an OCI layout's image into the cache under a reference, as a pull would store it.</summary>
    public void Import(LayoutContent layout, ImageName name)
    {
        foreach (var d in layout.Blobs.Concat(layout.Manifests))
            if (!cache.Has(d.Digest))
                using (var f = File.OpenRead(layout.PathOf(d)))
                    cache.StoreAsync(d.Digest, d.Size, f, CancellationToken.None).GetAwaiter().GetResult();
        cache.StoreAsync(layout.Top.Digest, layout.TopBytes, CancellationToken.None).GetAwaiter().GetResult();
        cache.Index.Set(name.ToString(), layout.Top.Digest, layout.Top.MediaType ?? MediaTypes.OciManifest, layout.TopBytes.Length);
        output.WriteLine($"{name}: {layout.Top.Digest}");
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.0} MiB";
}
