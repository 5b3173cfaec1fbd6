using Linux;
using Linux.Native;
using Shim.Config;

namespace Tests.UnitShim;

public sealed class CapabilityTests
{
    [Theory]
    [InlineData("CAP_CHOWN", 0)]
    [InlineData("CAP_KILL", 5)]
    [InlineData("CAP_SETPCAP", 8)]
    [InlineData("CAP_NET_BIND_SERVICE", 10)]
    [InlineData("CAP_NET_ADMIN", 12)]
    [InlineData("CAP_SYS_ADMIN", 21)]
    [InlineData("CAP_SYS_RESOURCE", 24)]
    [InlineData("CAP_MKNOD", 27)]
    [InlineData("CAP_AUDIT_WRITE", 29)]
    [InlineData("CAP_SETFCAP", 31)]
    [InlineData("CAP_AUDIT_READ", 37)]
    [InlineData("CAP_BPF", 39)]
    [InlineData("CAP_CHECKPOINT_RESTORE", 40)]
    [InlineData("net_admin", 12)]
    [InlineData("cap_sys_admin", 21)]
    public void Names_map_to_the_kernel_numbers(string name, int number)
    {
        Assert.Equal(number, Oci.CapabilityTable.FromName(name));
        Assert.StartsWith("CAP_", Oci.CapabilityTable.Name(number));
    }

    [Theory]
    [InlineData("CAP_NOPE")]
    [InlineData("")]
    [InlineData("CAP_")]
    public void Unknown_names_are_minus_one(string name) => Assert.Equal(-1, Oci.CapabilityTable.FromName(name));

    [Fact]
    public void The_table_covers_what_this_kernel_knows()
    {
        Assert.True(Capability.LastCap() <= Oci.CapabilityTable.Names.Count - 1,
            $"kernel cap_last_cap {Capability.LastCap()} is beyond our table ({Oci.CapabilityTable.Names.Count - 1})");
    }

    [Fact]
    public void Masks_have_one_bit_per_capability()
    {
        Assert.Equal((1UL << 0) | (1UL << 21) | (1UL << 40), CapabilitySets.Mask(["CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"], "bounding"));
        Assert.Equal(0UL, CapabilitySets.Mask(null, "bounding"));
    }

    [Fact]
    public void An_unknown_name_is_an_error_naming_its_set_and_index()
    {
        var e = Assert.Throws<SysException>(() => CapabilitySets.Parse(new Oci.Capabilities { Effective = ["CAP_KILL", "CAP_FLY"] }));
        Assert.Equal("process.capabilities.effective[1]: unknown capability \"CAP_FLY\"", e.Error.ToString());
    }

    [Fact]
    public unsafe void Capget_structs_match_the_kernel_abi()
    {
        Assert.Equal(8, sizeof(Capability.cap_user_header_t));
        Assert.Equal(12, sizeof(Capability.cap_user_data_t));
        var header = new Capability.cap_user_header_t { version = Capability._LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc Capability.cap_user_data_t[2];
        Assert.Equal(0, Capability.capget(&header, data));
        var status = File.ReadAllLines("/proc/thread-self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var effective = ((ulong)data[1].effective << 32) | data[0].effective;
        Assert.Equal(status["CapEff:".Length..].Trim(), effective.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }
}
