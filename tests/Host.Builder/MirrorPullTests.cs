using Builder;
using Builder.Images;
using Builder.Registry;

namespace Tests.HostBuilder;

/// <summary><c>--mirror</c> against Debian's docker-registry: a Docker Hub name is fetched from the mirror (under its
/// path prefix) and cached under its own name; a mirror that lacks the image fails naming both.</summary>
public sealed class MirrorPullTests(Registries registries) : IClassFixture<Registries>, IDisposable
{
    private readonly PullWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("", "linuxkit/getty:v1", "linuxkit/getty:v1")]
    [InlineData("/hub", "alpine:3.19", "hub/library/alpine:3.19")]
    public void ADockerHubImageComesFromTheMirrorAndIsCachedUnderItsOwnName(string prefix, string reference, string pushedAs)
    {
        var layout = TestLayouts.Simple(_ws["img"], "mirrored");
        _ws.Push(layout, $"{registries.Open.Host}/{pushedAs}");
        var mirrors = RegistryMirrors.From([$"docker.io=http://{registries.Open.Host}{prefix}"], null);
        using var images = new RegistryImages(_ws.Cache, _ws.Credentials, mirrors: mirrors);
        var pulled = images.Locate(ImageName.Parse(reference));
        Assert.Contains("ID=mirrored", File.ReadAllText(pulled.ConfigFile));
        Assert.Equal(TestLayouts.TopDigest(layout), _ws.Cache.Index.Find(ImageName.Parse(reference).ToString())!.Digest);
    }

    [Fact]
    public void AnImageTheMirrorLacksFailsNamingTheImageAndTheMirror()
    {
        var mirrors = RegistryMirrors.From([], $"http://{registries.Open.Host}");
        using var images = new RegistryImages(_ws.Cache, _ws.Credentials, mirrors: mirrors);
        var e = Assert.Throws<BuildFailure>(() => images.Locate(ImageName.Parse("linuxkit/nothing:v9")));
        Assert.Equal($"pull docker.io/linuxkit/nothing:v9 from the mirror http://{registries.Open.Host}/: manifest v9: 404 Not Found: MANIFEST_UNKNOWN: manifest unknown", e.Message);
        Assert.Empty(_ws.CachedFiles());
    }
}
