using Pid1.Boot;
using Nic = Pid1.Boot.SetHostname.Nic;

namespace Tests.UnitInit;

public sealed class HostnameFromMacTests
{
    [Theory]
    [InlineData("52:54:00:12:34:56", "cinit-525400123456")]
    [InlineData("52:54:00:AB:cd:EF\n", "cinit-525400abcdef")]
    public void The_name_is_the_prefix_and_the_mac_without_colons(string mac, string expected) =>
        Assert.Equal(expected, SetHostname.FromMac(mac));

    [Fact]
    public void The_first_nic_is_the_ethernet_one_with_the_lowest_ifindex()
    {
        Nic[] nics =
        [
            new("lo", 1, 772, "00:00:00:00:00:00"),
            new("eth1", 4, 1, "52:54:00:00:00:02"),
            new("sit0", 2, 776, "00:00:00:00"),
            new("eth0", 3, 1, "52:54:00:12:34:56"),
        ];
        Assert.Equal("eth0", SetHostname.FirstNic(nics)?.Name);
    }

    [Fact]
    public void Loopback_tunnels_and_zero_addresses_name_no_machine()
    {
        Nic[] nics = [new("lo", 1, 1, "00:00:00:00:00:00"), new("dummy0", 2, 1, "00:00:00:00:00:00"), new("ip6tnl0", 3, 769, "00:00:00:00")];
        Assert.Null(SetHostname.FirstNic(nics));
    }
}
