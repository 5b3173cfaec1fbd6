using Pid1.Boot;

namespace Tests.UnitInit;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("virtio:d00000001v*", "virtio:d00000001v00001AF4", true)]
    [InlineData("virtio:d00000001v*", "virtio:d00000002v00001AF4", false)]
    [InlineData("pci:v00001AF4d00001000sv*sd*bc*sc*i*", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", true)]
    [InlineData("pci:v00001AF4d00001000sv*sd*bc*sc*i*", "pci:v00001AF4d00001001sv00001AF4sd00000001bc02sc00i00", false)]
    [InlineData("pci:v*d*sv*sd*bc01sc06i01*", "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("x[0-9]y", "x5y", true)]
    [InlineData("x[0-9]y", "xay", false)]
    [InlineData("x[!0-9]y", "xay", true)]
    [InlineData("x[!0-9]y", "x5y", false)]
    [InlineData("x[]]y", "x]y", true)]
    [InlineData("x[ab", "x[ab", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("*", "", true)]
    [InlineData("**a", "bbba", true)]
    [InlineData("*a*b", "xaybzb", true)]
    [InlineData("*a*b", "xaybzc", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "", true)]
    internal void MatchesLikeFnmatch(string pattern, string text, bool expected) =>
        Assert.Equal(expected, GlobPattern.Matches(pattern, text));
}
