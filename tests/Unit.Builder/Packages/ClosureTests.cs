using Builder;
using Builder.Packages;

namespace Tests.UnitBuilder.Packages;

/// <summary>The closure of Depends over a fake index: alternatives, virtual packages, versions, exclusions, conflicts.</summary>
public sealed class ClosureTests
{
    private static List<string> Resolve(string[] requested, params string[] exclude) =>
        new ClosureResolver(FakeIndex.Load(), exclude.ToHashSet())
            .Resolve(requested, (i, m) => new BuildFailure($"debian[{i}]: {m}"))
            .Select(p => p.Id).ToList();

    private static string Failure(string[] requested, params string[] exclude) =>
        Assert.Throws<BuildFailure>(() => Resolve(requested, exclude)).Message;

    [Fact]
    public void TheClosureFollowsPreDependsAndDependsWithTheNewestVersion() =>
        Assert.Equal(
            ["debconf=1.5.82", "elinks-data=1.0", "gawk=1:5.2.1-2", "libc6=2.36-9+deb12u4", "libssl3=3.0.11-1", "web=1.2-1", "web-common=1.2-1"],
            Resolve(["web"]));

    [Fact]
    public void AnAlternativeAlreadyChosenIsKept() =>
        Assert.Contains("original-awk=2012-12-20-1", Resolve(["original-awk", "web"]));

    [Fact]
    public void AVirtualPackageGoesToTheProviderOfHighestPriorityThenName()
    {
        var closure = Resolve(["web"]);
        Assert.Contains("elinks-data=1.0", closure);
        Assert.DoesNotContain("lynx-data=1.0", closure);
        Assert.Contains("gawk=1:5.2.1-2", closure);
    }

    [Fact]
    public void ExcludedPackagesAreCutOutAndCountAsMet()
    {
        var closure = Resolve(["web"], "debconf", "libssl3");
        Assert.DoesNotContain(closure, id => id.StartsWith("debconf=") || id.StartsWith("libssl3="));
        Assert.Contains("libc6=2.36-9+deb12u4", closure);
    }

    [Fact]
    public void AMissingPackageIsNamed() =>
        Assert.Equal("debian[1]: package \"nosuch\" does not exist (not in apt's lists: check the name, or run apt-get update)",
            Failure(["web", "nosuch"]));

    [Fact]
    public void AnotherArchitectureDoesNotExistForUs() => Assert.Contains("package \"armonly\" does not exist", Failure(["armonly"]));

    [Fact]
    public void AVirtualPackageCannotBeRequested() =>
        Assert.Equal("debian[0]: package \"awk\" is virtual: name one of gawk, original-awk", Failure(["awk"]));

    [Fact]
    public void AnUnsatisfiableVersionNamesTheChain() =>
        Assert.Equal("debian[0]: newer-only: depends on \"libc6 (>= 2.99)\", which cannot be satisfied: libc6's candidate is 2.36-9+deb12u4",
            Failure(["newer-only"]));

    [Fact]
    public void ConflictsInTheResultAreErrors()
    {
        Assert.Equal("debian[0]: mta-a conflicts with \"mail-transport-agent\": mta-b is requested", Failure(["mta-a", "mta-b"]));
        Assert.Equal("debian[1]: old-breaker conflicts with \"libssl3 (<< 3.1)\": libssl3 comes in through web -> libssl3", Failure(["web", "old-breaker"]));
    }

    [Fact]
    public void ASelfConflictThroughProvidesIsAllowed() => Assert.Equal(["mta-a=1"], Resolve(["mta-a"]));

    [Fact]
    public void RequestingAnExcludedPackageIsAnError() =>
        Assert.Contains("both requested and excluded", Failure(["debconf"], "debconf"));
}
