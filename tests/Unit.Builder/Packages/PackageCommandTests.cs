using Builder;
using Builder.Packages;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder.Packages;

/// <summary><c>builder pkg build</c>'s command line: what it refuses, with the usage.</summary>
public sealed class PackageCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Failure(params string[] args) => Assert.Throws<BuildFailure>(() => PackageCommands.Run(args)).Message;

    [Fact]
    public void AVerbOtherThanBuildGetsTheUsage() => Assert.Equal(PackageCommands.Usage, Failure("pkg", "make"));

    [Fact]
    public void NoRecipeIsAnError() => Assert.StartsWith("no recipe directory given", Failure("pkg", "build"));

    [Fact]
    public void OneLayoutTakesOneRecipe() => Assert.StartsWith("-o names one layout", Failure("pkg", "build", "a", "b", "-o", "x"));

    [Fact]
    public void AnUnknownOptionIsNamed() => Assert.StartsWith("unknown option --fast", Failure("pkg", "build", "a", "--fast"));

    [Fact]
    public void AnOptionWithoutItsValueIsNamed() => Assert.StartsWith("--busybox needs a value", Failure("pkg", "build", "a", "--busybox"));

    [Fact]
    public void AMissingRecipeNamesItsFile() =>
        Assert.StartsWith($"{_dir["nope/build.yml"]}: cannot read", Failure("pkg", "build", _dir["nope"]));

    [Fact]
    public void BusyboxTrueWithoutTheBusyboxLayoutSaysWhatToRun()
    {
        Directory.CreateDirectory(_dir["r/shell"]);
        File.WriteAllText(_dir["r/shell/build.yml"], "image: shell\nbusybox: true\n");
        Assert.EndsWith("busybox: true needs the busybox layout (" + _dir["none"] + "): run ./build.sh first",
            Failure("pkg", "build", _dir["r/shell"], "--out-dir", _dir["out"], "--busybox", _dir["none"]));
        Assert.False(Directory.Exists(_dir["out/shell"]));
    }
}
