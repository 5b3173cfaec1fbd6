using System.Diagnostics;
using Builder;
using Builder.Images;
using Builder.Tree;
using Tests.UnitBuilder.Support;

namespace Tests.HostBuilder;

/// <summary>Our push and pull against Debian's docker-registry, with skopeo as the independent second client.</summary>
public sealed class RegistryPullTests(Registries registries) : IClassFixture<Registries>, IDisposable
{
    private readonly PullWorkspace _ws = new();

    [Fact]
    public void PullByTagGivesTheConfigAndLayersThatWerePushed()
    {
        var layout = TestLayouts.Simple(_ws["img"], "tag");
        var reference = $"{registries.Open.Host}/cinit/simple:v1";
        Assert.Equal(TestLayouts.TopDigest(layout), _ws.Push(layout, reference));
        var pulled = _ws.Pull(reference);
        AssertSameImage(layout, pulled);
        Assert.Equal(TestLayouts.TopDigest(layout), _ws.Cache.Index.Find(reference)!.Digest);
    }

    [Fact]
    public void PullByDigestFindsTheSameImage()
    {
        var layout = TestLayouts.Simple(_ws["img"], "digest");
        var digest = _ws.Push(layout, $"{registries.Open.Host}/cinit/bydigest:v1");
        AssertSameImage(layout, _ws.Pull($"{registries.Open.Host}/cinit/bydigest@{digest}"));
    }

    [Fact]
    public void AnIndexResolvesToItsLinuxAmd64Image()
    {
        var layout = TestLayouts.MultiArch(_ws["multi"]);
        _ws.Push(layout, $"{registries.Open.Host}/cinit/multi:v1");
        var pulled = _ws.Pull($"{registries.Open.Host}/cinit/multi:v1");
        Assert.Contains("ID=amd64", File.ReadAllText(pulled.ConfigFile));
        // The index, the amd64 manifest, its config and two layers: nothing of the arm64 image.
        Assert.Equal(5, _ws.CachedFiles().Length);
    }

    [Fact]
    public void AnImagePushedBySkopeoPullsTheSameAsFromTheLayout()
    {
        var layout = TestLayouts.Simple(_ws["img"], "skopeo");
        var reference = $"{registries.Open.Host}/cinit/skopeo:v1";
        Skopeo("copy", "--dest-tls-verify=false", $"oci:{layout}", $"docker://{reference}");
        AssertSameImage(layout, _ws.Pull(reference));
    }

    [Fact]
    public void OurPushIsReadableBySkopeo()
    {
        var layout = TestLayouts.MultiArch(_ws["multi"]);
        var reference = $"{registries.Open.Host}/cinit/forskopeo:v1";
        _ws.Push(layout, reference);
        var copy = _ws["copy"];
        Skopeo("copy", "--src-tls-verify=false", $"docker://{reference}", $"oci:{copy}:x");
        Assert.Contains("ID=amd64", File.ReadAllText(OciLayout.Read(copy).ConfigFile));
    }

    [Fact]
    public void AnUnknownTagIsA404NamingTheImageAndLeavesTheCacheEmpty()
    {
        var reference = $"{registries.Open.Host}/cinit/nothing:v9";
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull(reference));
        Assert.Equal($"pull {reference}: manifest v9: 404 Not Found: MANIFEST_UNKNOWN: manifest unknown", e.Message);
        Assert.Empty(_ws.CachedFiles());
        Assert.Null(_ws.Cache.Index.Find(reference));
    }

    [Fact]
    public void ARegistryWantingAPasswordRefusesUsWithoutOneAndSaysWhere()
    {
        var reference = $"{registries.WithAuth.Host}/cinit/secret:v1";
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull(reference));
        Assert.Equal($"pull {reference}: {registries.WithAuth.Host} wants a user and password (401, Basic) and "
                     + $"{Builder.Registry.RegistryCredentials.DefaultPath} has none for it", e.Message);
        Assert.Empty(_ws.CachedFiles());
    }

    [Fact]
    public void CredentialsFromDockerConfigPushAndPull()
    {
        var layout = TestLayouts.Simple(_ws["img"], "auth");
        var reference = $"{registries.WithAuth.Host}/cinit/secret:v1";
        _ws.Login(registries.WithAuth.Host, DockerRegistry.User, DockerRegistry.Password);
        _ws.Push(layout, reference);
        AssertSameImage(layout, _ws.Pull(reference));
    }

    [Fact]
    public void WrongCredentialsAreReportedAsRefused()
    {
        var reference = $"{registries.WithAuth.Host}/cinit/secret:v2";
        _ws.Login(registries.WithAuth.Host, DockerRegistry.User, "wrong");
        var e = Assert.Throws<BuildFailure>(() => _ws.Pull(reference));
        Assert.StartsWith($"pull {reference}: manifest v2: 401 Unauthorized", e.Message);
        Assert.EndsWith($"(the credentials for {registries.WithAuth.Host} were refused)", e.Message);
    }

    [Fact]
    public void AHostileLayerFromARegistryFailsTheBuildNamingTheImageAndEntry()
    {
        var layout = new TestImage(null, new TarLayer().Symlink("l", "../..").File("l/etc/x", "pwned").ToBytes(gzip: true))
            .WriteOciLayout(_ws["evil"]);
        var reference = $"{registries.Open.Host}/cinit/evil:v1";
        _ws.Push(layout, reference);
        var temp = Directory.CreateDirectory(_ws["build"]).FullName;
        using var spool = new ContentSpool(temp);
        using var images = new RegistryImages(_ws.Cache, _ws.Credentials);
        var store = new ImageStore(new ImageLocator(temp, images), spool);
        var e = Assert.Throws<BuildFailure>(() => store.Load(reference, temp));
        Assert.Matches($"^image {reference}: layer 0 \\([0-9a-f]{{64}}\\): entry \"l/etc/x\": path climbs out of the root through a symlink$", e.Message);
    }

    [Fact]
    public void AZstdLayerIsUnpacked()
    {
        var tar = new TarLayer().Dir("etc").File("etc/id", "zstd").ToBytes();
        using var zstd = new ZstdSharp.Compressor();
        var layout = new TestImage(null, zstd.Wrap(tar).ToArray()).WriteOciLayout(_ws["zstd"]);
        var reference = $"{registries.Open.Host}/cinit/zstd:v1";
        _ws.Push(layout, reference);
        var temp = Directory.CreateDirectory(_ws["build"]).FullName;
        using var spool = new ContentSpool(temp);
        using var images = new RegistryImages(_ws.Cache, _ws.Credentials);
        var (root, _) = new ImageStore(new ImageLocator(temp, images), spool).Load(reference, temp);
        using var content = root.Children!["etc"].Children!["id"].Content!.OpenRead();
        Assert.Equal("zstd", new StreamReader(content).ReadToEnd());
    }

    private static void AssertSameImage(string layout, ImageLayout pulled)
    {
        var blobs = TestLayouts.ManifestBlobs(layout);
        Assert.Equal(TestLayouts.Blob(layout, blobs[0]), File.ReadAllBytes(pulled.ConfigFile));
        // Compared as tar: skopeo gzips the plain layer on its way up, which changes its digest but not its files.
        Assert.Equal(blobs[1..].Select(d => Tar(TestLayouts.Blob(layout, d))), pulled.LayerFiles.Select(f => Tar(File.ReadAllBytes(f))));
    }

    private static byte[] Tar(byte[] layer)
    {
        using var tar = new MemoryStream();
        Builder.Layers.MaybeGzip.Open(new MemoryStream(layer)).CopyTo(tar);
        return tar.ToArray();
    }

    private static void Skopeo(params string[] args)
    {
        if (!File.Exists("/usr/bin/skopeo")) throw new InvalidOperationException("/usr/bin/skopeo is missing: apt-get install skopeo");
        var start = new ProcessStartInfo("/usr/bin/skopeo", args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) p.Kill();
        Assert.True(p.ExitCode == 0, $"skopeo {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
    }

    public void Dispose() => _ws.Dispose();
}
