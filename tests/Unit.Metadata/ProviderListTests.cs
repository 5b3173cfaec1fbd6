using Metadata;

namespace Tests.UnitMetadata;

public sealed class ProviderListTests
{
    [Fact]
    public void NoArgumentsTriesTheHttpServicesThenTheCd() =>
        Assert.Equal(["aws", "gcp", "openstack", "cdrom"], ProviderList.Parse([]).Names);

    [Fact]
    public void ArgumentsAreTheOrder()
    {
        var (names, error) = ProviderList.Parse(["cdrom", "aws", "cdrom"]);
        Assert.Null(error);
        Assert.Equal(["cdrom", "aws"], names);
    }

    [Fact]
    public void AnUnknownProviderIsNamed()
    {
        var (_, error) = ProviderList.Parse(["cdrom", "azure"]);
        Assert.Equal("unknown provider \"azure\" (known: aws, gcp, openstack, cdrom)", error);
    }

    [Fact]
    public void AnOptionIsRefused() =>
        Assert.StartsWith("unknown option \"-v\"", ProviderList.Parse(["-v"]).Error);

    [Fact]
    public void EveryKnownNameMakesAProviderOfThatName()
    {
        foreach (var name in ProviderList.Known) Assert.Equal(name, ProviderList.Create(name, TimeSpan.FromSeconds(1)).Name);
    }
}
