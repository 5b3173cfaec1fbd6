using System.Text.Json.Nodes;
using Builder;
using Builder.Images;
using Builder.Tree;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>Reading images: the three on-disk forms, the config defaults, multi-platform indexes.</summary>
public sealed class ImageTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ContentSpool _spool;
    private readonly ImageStore _store;

    public ImageTests()
    {
        _spool = new ContentSpool(_temp.Path);
        _store = new ImageStore(new ImageLocator(_temp.Path), _spool);
    }

    public void Dispose()
    {
        _spool.Dispose();
        _temp.Dispose();
    }

    private static TestImage Sample() => new(
        TestImage.Config(entrypoint: ["/bin/ep"], cmd: ["x"], env: ["A=1"], workingDir: "/srv", user: "1000:50"),
        new TarLayer().File("hello", "hi").ToBytes(gzip: true));

    [Theory]
    [InlineData("layout")]
    [InlineData("oci.tar")]
    [InlineData("docker.tar")]
    [InlineData("docker.tar.gz")]
    public void EveryFormGivesTheSameTreeAndConfig(string form)
    {
        var image = Sample();
        _ = form switch
        {
            "layout" => image.WriteOciLayout(_temp[form]),
            "oci.tar" => image.WriteOciArchive(_temp[form]),
            "docker.tar" => image.WriteDockerSave(_temp[form]),
            _ => Gzip(image.WriteDockerSave(_temp[form] + ".plain"), _temp[form]),
        };
        var (root, config) = _store.Load(form, _temp.Path);
        Assert.Equal(["/bin/ep"], config.Entrypoint);
        Assert.Equal(["x"], config.Cmd);
        Assert.Equal(["A=1"], config.Env);
        Assert.Equal(("/srv", "1000:50"), (config.WorkingDir, config.User));
        using var s = root.Children!["hello"].Content!.OpenRead();
        Assert.Equal("hi", new StreamReader(s).ReadToEnd());
    }

    [Fact]
    public void MultiPlatformIndexPicksLinuxAmd64()
    {
        var dir = Sample().WriteOciLayout(_temp["multi"]);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "index.json")))!;
        var amd64 = index["manifests"]![0]!.DeepClone();
        amd64["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" };
        var arm64 = new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["digest"] = "sha256:" + new string('a', 64),
            ["size"] = 1,
            ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "arm64" },
        };
        index["manifests"] = new JsonArray(arm64, amd64);
        File.WriteAllText(Path.Combine(dir, "index.json"), index.ToJsonString());
        var (root, _) = _store.Load("multi", _temp.Path);
        Assert.True(root.Children!.ContainsKey("hello"));
    }

    [Fact]
    public void MissingBlobIsNamed()
    {
        var dir = Sample().WriteOciLayout(_temp["broken"]);
        foreach (var blob in Directory.GetFiles(Path.Combine(dir, "blobs/sha256")).Where(f => new FileInfo(f).Length > 100 && IsGzip(f)))
            File.Delete(blob);
        var e = Assert.Throws<BuildFailure>(() => _store.Load("broken", _temp.Path));
        Assert.Matches("^image broken: blob sha256:[0-9a-f]{64} is missing$", e.Message);
    }

    [Fact]
    public void CorruptBlobIsRefused()
    {
        var dir = Sample().WriteOciLayout(_temp["corrupt"]);
        var layer = Directory.GetFiles(Path.Combine(dir, "blobs/sha256")).Single(IsGzip);
        File.AppendAllText(layer, "tampered");
        var e = Assert.Throws<BuildFailure>(() => _store.Load("corrupt", _temp.Path));
        Assert.Matches("^image corrupt: blob sha256:[0-9a-f]{64} is corrupt: its sha256 is [0-9a-f]{64}$", e.Message);
    }

    [Fact]
    public void GarbageArchiveIsReportedAsNotATar()
    {
        File.WriteAllText(_temp["junk.tar"], "this is not a tar archive, just some text that is long enough to fill a header block? no.");
        var e = Assert.Throws<BuildFailure>(() => _store.Load("junk.tar", _temp.Path));
        Assert.StartsWith($"image junk.tar: {_temp["junk.tar"]}: ", e.Message);
    }

    [Fact]
    public void LoadingTwiceGivesIndependentDirectoriesSharingFiles()
    {
        Sample().WriteOciLayout(_temp["img"]);
        var (a, _) = _store.Load("img", _temp.Path);
        var (b, _) = _store.Load("./img", _temp.Path);
        Assert.NotSame(a, b);
        Assert.Same(a.Children!["hello"], b.Children!["hello"]);
        a.Children.Remove("hello");
        Assert.True(b.Children.ContainsKey("hello"));
    }

    private static string Gzip(string from, string to)
    {
        using (var input = File.OpenRead(from))
        using (var output = new System.IO.Compression.GZipStream(File.Create(to), System.IO.Compression.CompressionLevel.Fastest))
            input.CopyTo(output);
        return to;
    }

    private static bool IsGzip(string file)
    {
        using var f = File.OpenRead(file);
        return f.ReadByte() == 0x1f && f.ReadByte() == 0x8b;
    }
}
