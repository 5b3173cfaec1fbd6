using System.Text;
using Builder.Cache;
using Builder.Images;
using Builder.Registry;
using Tests.UnitBuilder.Support;

namespace Tests.HostBuilder;

/// <summary>
/// A temp directory with an empty image cache and (optionally) a Docker config.json, and the builder's
/// real pull and push wired to them. Nothing is read from or written to the user's ~/.cache or ~/.docker.
/// </summary>
public sealed class PullWorkspace : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly HttpClient _http = RegistryHttp.Create(TimeSpan.FromSeconds(20));

    public string this[string relative] => _temp[relative];

    public string CacheRoot => _temp["cache"];

    public string DockerConfig => _temp["docker/config.json"];

    internal ImageCache Cache => new(CacheRoot);

    internal RegistryCredentials Credentials => RegistryCredentials.Load(DockerConfig);

    public void Login(string host, string user, string password)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DockerConfig)!);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        File.WriteAllText(DockerConfig, "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    internal ImageLayout Pull(string reference)
    {
        using var images = new RegistryImages(Cache, Credentials);
        return images.Locate(ImageName.Parse(reference));
    }

    internal string Push(string layoutDir, string reference) =>
        new ImagePusher(Credentials, _http).Push(LayoutContent.Read(layoutDir), ImageName.Parse(reference));

    /// <summary>Every file in the cache's blob directory, partial downloads included.</summary>
    public string[] CachedFiles() =>
        Directory.Exists(Path.Combine(CacheRoot, "blobs", "sha256"))
            ? Directory.GetFiles(Path.Combine(CacheRoot, "blobs", "sha256")).Select(f => Path.GetFileName(f)).ToArray()
            : [];

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
