using System.Globalization;
using System.Text.Json;
using Builder.Registry;

namespace Builder.Cache;

/// <summary>
/// The cache's references: full image name -> top-level digest (an index or a manifest) and when it was
/// stored. Builds run concurrently and share the cache, so every change is a read-modify-write under an
/// exclusive lock on <c>index.lock</c>, and the new <c>index.json</c> replaces the old by rename.
/// </summary>
internal sealed class CacheIndex(string root)
{
    public const string RefAnnotation = "org.opencontainers.image.ref.name";
    public const string TimeAnnotation = "org.cinit.cache.stored";

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    private string IndexPath => Path.Combine(root, "index.json");

    public IReadOnlyList<Descriptor> Entries() => Read().Manifests;

    public Descriptor? Find(string reference) =>
        Read().Manifests.FirstOrDefault(d => RefOf(d) == reference);

    public static string RefOf(Descriptor d) => d.Annotations?.GetValueOrDefault(RefAnnotation) ?? "";

    public static DateTimeOffset? TimeOf(Descriptor d) =>
        DateTimeOffset.TryParse(d.Annotations?.GetValueOrDefault(TimeAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : null;

    public void Set(string reference, string digest, string mediaType, long size) => Update(list =>
    {
        list.RemoveAll(d => RefOf(d) == reference);
        list.Add(new Descriptor(mediaType, digest, size, Annotations: new Dictionary<string, string>
        {
            [RefAnnotation] = reference,
            [TimeAnnotation] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
        list.Sort((a, b) => string.CompareOrdinal(RefOf(a), RefOf(b)));
    });

    /// <summary>Removes the entries a predicate picks; returns them.</summary>
    public List<Descriptor> Remove(Func<Descriptor, bool> pick)
    {
        var removed = new List<Descriptor>();
        Update(list =>
        {
            removed.AddRange(list.Where(pick));
            list.RemoveAll(d => pick(d));
        });
        return removed;
    }

    /// <summary>Runs an action while holding the index lock (prune must not race a pull that is adding a ref).</summary>
    public T Locked<T>(Func<T> action)
    {
        Directory.CreateDirectory(root);
        using var lockFile = AcquireLock();
        return action();
    }

    private void Update(Action<List<Descriptor>> change) => Locked(() =>
    {
        var index = Read();
        var list = index.Manifests.ToList();
        change(list);
        var temp = $"{IndexPath}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(index with { Manifests = list }, RegistryJson.Default.CacheIndexFile));
        File.Move(temp, IndexPath, overwrite: true);
        return 0;
    });

    private CacheIndexFile Read()
    {
        if (!File.Exists(IndexPath)) return new CacheIndexFile(2, MediaTypes.OciIndex, []);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(IndexPath), RegistryJson.Default.CacheIndexFile)
                ?? throw new BuildFailure($"{IndexPath}: empty");
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"{IndexPath}: not a valid cache index ({e.Message}); delete it and pull again");
        }
    }

    /// <summary>On Unix, FileShare.None takes an flock; a second builder waits here for the first.</summary>
    private FileStream AcquireLock()
    {
        var path = Path.Combine(root, "index.lock");
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e)
            {
                throw new BuildFailure($"{path}: still locked by another builder after {LockWait.TotalSeconds:0} s: {e.Message}");
            }
        }
    }
}
