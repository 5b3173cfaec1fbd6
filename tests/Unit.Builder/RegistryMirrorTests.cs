using Builder;
using Builder.Registry;

namespace Tests.UnitBuilder;

/// <summary><c>--mirror</c> and <c>$CINIT_MIRROR</c>, with LinuxKit's semantics: per registry or for all, flags over the environment.</summary>
public sealed class RegistryMirrorTests
{
    [Theory]
    [InlineData("linuxkit/getty:v1", "docker.io=http://127.0.0.1:5000", "http://127.0.0.1:5000/v2/", "linuxkit/getty")]
    [InlineData("alpine:3", "docker.io=http://mirror.corp:5000/hub/", "http://mirror.corp:5000/v2/", "hub/library/alpine")]
    [InlineData("index.docker.io/library/alpine:3", "docker.io=https://mirror.corp", "https://mirror.corp/v2/", "library/alpine")]
    [InlineData("quay.io/a/b:1", "https://all.corp", "https://all.corp/v2/", "a/b")]
    [InlineData("quay.io/a/b:1", "docker.io=https://hub.corp", "https://quay.io/v2/", "a/b")]
    [InlineData("ghcr.io/a/b:1", "ghcr.io=http://ghcr.corp:8080", "http://ghcr.corp:8080/v2/", "a/b")]
    public void AMirrorChangesWhereTheImageIsAskedFor(string reference, string mirror, string apiBase, string repository)
    {
        var remote = RegistryMirrors.From([mirror], null).Rewrite(ImageName.Parse(reference));
        Assert.Equal((apiBase, repository), (remote.ApiBase.ToString(), remote.Repository));
    }

    [Fact]
    public void FlagsWinOverTheEnvironmentAndARegistrysOwnEntryOverTheCatchAll()
    {
        var mirrors = RegistryMirrors.From(["docker.io=http://flag:1"], "docker.io=http://env:1, http://all:1");
        Assert.Equal("http://flag:1/", mirrors.For("docker.io")!.ToString());
        Assert.Equal("http://flag:1/", mirrors.For("registry-1.docker.io")!.ToString());
        Assert.Equal("http://all:1/", mirrors.For("quay.io")!.ToString());
        Assert.Null(RegistryMirrors.From([], "").For("docker.io"));
    }

    [Theory]
    [InlineData("mirror.corp:5000", "--mirror \"mirror.corp:5000\": the mirror \"mirror.corp:5000\" must start with http:// or https://")]
    [InlineData("docker.io=ftp://m", "--mirror \"docker.io=ftp://m\": the mirror \"ftp://m\" must start with http:// or https://")]
    [InlineData("=http://m", "--mirror \"=http://m\": no registry before '='; give REGISTRY=URL or URL")]
    [InlineData("http://m?x=1", "--mirror \"http://m?x=1\": the mirror \"1\" must start with http:// or https://")]
    public void ABadMirrorNamesTheFlag(string value, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => RegistryMirrors.From([value], null)).Message);

    [Fact]
    public void ABadMirrorInTheEnvironmentNamesTheVariable() =>
        Assert.StartsWith("$CINIT_MIRROR \"x\": the mirror",
            Assert.Throws<BuildFailure>(() => RegistryMirrors.From([], "x")).Message);

    [Fact]
    public void MirrorFlagsAreTakenOutOfAnyVerb()
    {
        var (rest, mirrors) = Program.TakeMirrors(["pull", "--mirror", "docker.io=http://a:1", "alpine:3", "--mirror=http://b:2"]);
        Assert.Equal(["pull", "alpine:3"], rest);
        Assert.Equal("http://a:1/", mirrors.For("docker.io")!.ToString());
        Assert.Equal("http://b:2/", mirrors.For("quay.io")!.ToString());
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(50 << 20, "50.0 MiB")]
    [InlineData(3L << 30, "3.00 GiB")]
    public void ProgressSizesAreHumanReadable(long bytes, string expected) => Assert.Equal(expected, PullProgress.Size(bytes));

    [Fact]
    public void NoProgressIsShownForAShortDownload()
    {
        var terminal = new StringWriter();
        var progress = new PullProgress(terminal, "pull x", 100);
        progress.Advance(100);
        progress.Finish();
        Assert.Equal("", terminal.ToString());
    }
}
