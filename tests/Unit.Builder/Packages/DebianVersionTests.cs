using Builder.Packages;

namespace Tests.UnitBuilder.Packages;

/// <summary>Debian's version order, checked against cases whose answer <c>dpkg --compare-versions</c> gives.</summary>
public sealed class DebianVersionTests
{
    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0", "1.1", -1)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~rc1", "1.0~rc2", -1)]
    [InlineData("1:0.9", "2.0", 1)]
    [InlineData("2.36-9", "2.36-9+deb12u4", -1)]
    [InlineData("1.0a", "1.0+", -1)]
    [InlineData("1.0-1", "1.0", 1)]
    [InlineData("20230311+deb12u1", "20250419~deb12u2", -1)]
    [InlineData("1.001", "1.1", 0)]
    public void ComparesAsDpkgDoes(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(DebianVersion.Compare(b, a)));
    }

    [Theory]
    [InlineData("2.36-9", ">=", "2.34", true)]
    [InlineData("2.36-9", "<<", "2.36", false)]
    [InlineData("2.36-9", "=", "2.36-9", true)]
    [InlineData("2.36-9", ">>", "2.36-9", false)]
    public void RelationsHold(string version, string op, string wanted, bool expected) =>
        Assert.Equal(expected, DebianVersion.Satisfies(version, op, wanted));
}
