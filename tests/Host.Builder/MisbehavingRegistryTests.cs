using System.Text;
using Builder;

namespace Tests.HostBuilder;

/// <summary>
/// Failures a real registry will not produce on demand, from <see cref="FakeRegistry"/>: each is one
/// error naming the image and the cause, and the cache gains no reference and no partial blob.
/// </summary>
public sealed class MisbehavingRegistryTests : IDisposable
{
    private readonly PullWorkspace _ws = new();
    private readonly string _layout;
    private readonly string _layer;

    public MisbehavingRegistryTests()
    {
        _layout = TestLayouts.Simple(_ws["img"], "fake");
        _layer = TestLayouts.ManifestBlobs(_layout)[1];
    }

    [Fact]
    public void A500IsReportedWithTheRegistrysText()
    {
        using var registry = new FakeRegistry(r => r.Path.Contains("/manifests/")
            ? FakeResponse.Json(500, "storage backend on fire\n", "text/plain")
            : TestLayouts.Serve(_layout, r));
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"{registry.Host}/x/y:v1"));
        Assert.Equal($"pull {registry.Host}/x/y:v1: manifest v1: 500 Internal Server Error: storage backend on fire", e.Message);
        AssertNothingCached($"{registry.Host}/x/y:v1");
    }

    [Fact]
    public void AConnectionClosedMidLayerLeavesNoPartialBlob()
    {
        using var registry = new FakeRegistry(r => r.Path.EndsWith(_layer, StringComparison.Ordinal)
            ? FakeResponse.Bytes(TestLayouts.Blob(_layout, _layer), closeAfter: 40)
            : TestLayouts.Serve(_layout, r));
        var size = TestLayouts.Blob(_layout, _layer).Length;
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"{registry.Host}/x/y:v1"));
        Assert.StartsWith($"pull {registry.Host}/x/y:v1: blob {_layer}: connection lost after 40 bytes of {size}: ", e.Message);
        AssertNothingCached($"{registry.Host}/x/y:v1");
        Assert.DoesNotContain(_layer["sha256:".Length..], _ws.CachedFiles());
    }

    [Fact]
    public void ABlobWhoseBytesDoNotMatchItsDigestIsRefused()
    {
        var wrong = TestLayouts.Blob(_layout, _layer).ToArray();
        wrong[^1] ^= 0xff;
        using var registry = new FakeRegistry(r => r.Path.EndsWith(_layer, StringComparison.Ordinal)
            ? FakeResponse.Bytes(wrong)
            : TestLayouts.Serve(_layout, r));
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"{registry.Host}/x/y:v1"));
        Assert.Matches($"^pull {registry.Host}/x/y:v1: blob {_layer}: the registry sent bytes whose digest is sha256:[0-9a-f]{{64}}$", e.Message);
        AssertNothingCached($"{registry.Host}/x/y:v1");
    }

    [Fact]
    public void AManifestThatDoesNotMatchThePinnedDigestIsRefused()
    {
        using var registry = new FakeRegistry(r => TestLayouts.Serve(_layout, r with { Path = r.Path.Split('@')[0].Replace(r.Path.Split('/')[^1], "v1") }));
        var pinned = "sha256:" + new string('a', 64);
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"{registry.Host}/x/y@{pinned}"));
        Assert.Equal($"pull {registry.Host}/x/y@{pinned}: manifest {pinned}: the registry sent a document whose sha256 is {TestLayouts.TopDigest(_layout)}", e.Message);
        Assert.Empty(_ws.CachedFiles());
    }

    [Fact]
    public void BearerTokensAreFetchedFromTheRealmWithConfigCredentials()
    {
        string? tokenAuth = null;
        FakeRegistry? self = null;
        using var registry = new FakeRegistry(r =>
        {
            if (r.Path.StartsWith("/token?", StringComparison.Ordinal))
            {
                tokenAuth = r.Header("Authorization");
                return FakeResponse.Json(200, """{"token":"t0k3n"}""");
            }
            if (r.Header("Authorization") == "Bearer t0k3n") return TestLayouts.Serve(_layout, r);
            var challenge = $"Bearer realm=\"http://{self!.Host}/token\",service=\"fake\",scope=\"repository:x/y:pull\"";
            return FakeResponse.Json(401, """{"errors":[{"code":"UNAUTHORIZED"}]}""") with
            {
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["WWW-Authenticate"] = challenge },
            };
        });
        self = registry;
        _ws.Login(registry.Host, "me", "pw");
        _ws.Pull($"{registry.Host}/x/y:v1");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me:pw")), tokenAuth);
        Assert.Contains(registry.Requests, r => r == "GET /token?scope=repository%3Ax%2Fy%3Apull&service=fake");
    }

    [Fact]
    public void AnIndexWithoutLinuxAmd64NamesThePlatformsItHas()
    {
        var multi = TestLayouts.MultiArch(_ws["multi"]);
        var index = System.Text.Json.Nodes.JsonNode.Parse(TestLayouts.Blob(multi, TestLayouts.TopDigest(multi)))!;
        var armOnly = index.ToJsonString().Replace("\"amd64\"", "\"riscv64\"");
        using var registry = new FakeRegistry(r => r.Path.EndsWith("/v1", StringComparison.Ordinal)
            ? FakeResponse.Json(200, armOnly, "application/vnd.oci.image.index.v1+json")
            : TestLayouts.Serve(multi, r));
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"{registry.Host}/x/y:v1"));
        Assert.Matches($"^pull {registry.Host}/x/y:v1: index sha256:[0-9a-f]{{64}}: no linux/amd64 image in the index \\(it has: linux/arm64, linux/riscv64\\)$", e.Message);
        Assert.Null(_ws.Cache.Index.Find($"{registry.Host}/x/y:v1"));
    }

    [Fact]
    public void ACachedImageIsBuiltWithoutAskingTheRegistryAgain()
    {
        using var registry = new FakeRegistry(r => TestLayouts.Serve(_layout, r));
        _ws.Pull($"{registry.Host}/x/y:v1");
        var asked = registry.Requests.Count;
        _ws.Pull($"{registry.Host}/x/y:v1");
        Assert.Equal(asked, registry.Requests.Count);
    }

    [Fact]
    public void ARegistryThatIsDownIsNamed()
    {
        var port = DockerRegistry.FreePort();
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull($"127.0.0.1:{port}/x/y:v1"));
        Assert.Equal($"pull 127.0.0.1:{port}/x/y:v1: GET http://127.0.0.1:{port}/v2/x/y/manifests/v1: Connection refused (ConnectionRefused)", e.Message);
    }

    private void AssertNothingCached(string reference)
    {
        Assert.Null(_ws.Cache.Index.Find(reference));
        Assert.DoesNotContain(_ws.CachedFiles(), f => f.StartsWith(".partial", StringComparison.Ordinal));
    }

    public void Dispose() => _ws.Dispose();
}
