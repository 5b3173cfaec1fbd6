using Builder.Cache;
using Builder.Registry;

namespace Builder.Images;

/// <summary>
/// Where a registry reference's image comes from: the cache when it holds the reference (or the pinned
/// digest) completely, else a pull into the cache. <c>refresh</c> pulls tags again (a digest never
/// changes, so it is never pulled twice).
/// </summary>
internal sealed class RegistryImages(ImageCache cache, RegistryCredentials credentials, bool refresh = false, RegistryMirrors? mirrors = null)
    : IDisposable
{
    private readonly Lazy<HttpClient> _http = new(() => RegistryHttp.Create());

    public static RegistryImages FromEnvironment(RegistryMirrors? mirrors = null) =>
        new(ImageCache.OpenDefault(), RegistryCredentials.Load(RegistryCredentials.DefaultPath), mirrors: mirrors);

    public ImageCache Cache => cache;

    public ImageLayout Locate(ImageName name)
    {
        var walk = new CacheWalk(cache);
        var cached = name.Digest ?? (refresh ? null : cache.Index.Find(name.ToString())?.Digest);
        if (cached is null || walk.CompleteManifest(cached) is null)
        {
            var pulled = Pull(name);
            cached = name.Digest ?? pulled;
        }
        return OciLayout.ReadDigest(cache.Root, cached);
    }

    public string Pull(ImageName name) => new ImagePuller(cache, credentials, _http.Value, mirrors).Pull(name);

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}
