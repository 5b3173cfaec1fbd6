using System.Text.Json;
using Linux;
using Shim.Cgroups;

namespace Tests.UnitShim;

/// <summary>linux.resources -> cgroup v2 files: the conversions runc makes, and refusals by field name.</summary>
public sealed class CgroupConversionTests
{
    [Theory]
    [InlineData(0UL, 1UL)]      // below the v1 minimum: clamped to 2
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]  // v1's default shares
    [InlineData(262144UL, 10000UL)]
    [InlineData(1UL << 40, 10000UL)]
    public void Cpu_shares_map_onto_weight(ulong shares, ulong weight) =>
        Assert.Equal(weight, Conversions.CpuSharesToWeight(shares));

    [Theory]
    [InlineData(10UL, 1UL)]
    [InlineData(500UL, 4950UL)]
    [InlineData(1000UL, 10000UL)]
    public void Blkio_weight_maps_onto_io_weight(ulong blkio, ulong io) =>
        Assert.Equal(io, Conversions.BlkioWeightToIoWeight(blkio));

    [Theory]
    [InlineData(1048576L, 3145728L, "2097152")]
    [InlineData(1048576L, 1048576L, "0")]
    [InlineData(1048576L, -1L, "max")]
    [InlineData(1048576L, 0L, null)]
    public void Swap_is_memory_plus_swap_minus_the_limit(long limit, long swap, string? expected) =>
        Assert.Equal(expected, Conversions.SwapToSwapMax(limit, swap));

    [Theory]
    [InlineData(-1L, 1048576L, "needs memory.limit")]
    [InlineData(2097152L, 1048576L, "is below memory.limit 2097152")]
    public void Impossible_swap_is_refused(long limit, long swap, string part)
    {
        var e = Assert.Throws<SysException>(() => Conversions.SwapToSwapMax(limit, swap));
        Assert.StartsWith("linux.resources.memory.swap: ", e.Error.ToString());
        Assert.Contains(part, e.Error.ToString());
    }

    [Fact]
    public void Every_kind_of_limit_becomes_its_v2_file()
    {
        var request = Request("""
            {"memory": {"limit": 33554432, "reservation": 16777216, "swap": 67108864},
             "pids": {"limit": 5}, "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": "0"},
             "blockIO": {"weight": 300, "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}]},
             "hugepageLimits": [{"pageSize": "2MB", "limit": 0}], "unified": {"memory.high": "30000000"}}
            """);
        Assert.Equal(
        [
            "linux.resources.cpu.shares cpu.weight=20",
            "linux.resources.cpu.quota cpu.max=50000 100000",
            "linux.resources.cpu.cpus cpuset.cpus=0",
            "linux.resources.cpu.mems cpuset.mems=0",
            "linux.resources.memory.limit memory.max=33554432",
            "linux.resources.memory.reservation memory.low=16777216",
            "linux.resources.memory.swap memory.swap.max=33554432",
            "linux.resources.pids.limit pids.max=5",
            "linux.resources.blockIO.weight io.bfq.weight=300 else io.weight=2930",
            "linux.resources.blockIO.throttleReadBpsDevice[0] io.max=8:0 rbps=1048576",
            "linux.resources.hugepageLimits[0] hugetlb.2MB.max=0",
            "linux.resources.unified[\"memory.high\"] memory.high=30000000",
        ], request.Writes.Select(Show));
        Assert.True(request.AsksForResources);
        Assert.Equal("/containers/web", request.PathFor("web"));
    }

    [Theory]
    [InlineData("""{"memory": {"limit": -1}, "pids": {"limit": -1}, "cpu": {"quota": -1}}""",
        "cpu.max=max 100000|memory.max=max|pids.max=max")]
    [InlineData("""{"cpu": {"period": 50000}}""", "cpu.max=max 50000")]
    [InlineData("""{"memory": {"limit": 0}, "pids": {"limit": 0}}""", "")]
    public void Unlimited_and_unset_values(string json, string files) =>
        Assert.Equal(files, string.Join('|', Request(json).Writes.Select(w => $"{w.File}={w.Value}")));

    [Theory]
    [InlineData("""{"memory": {"kernel": 1048576}}""", "linux.resources.memory.kernel: kernel memory limits are cgroup v1's")]
    [InlineData("""{"memory": {"disableOOMKiller": true}}""", "linux.resources.memory.disableOOMKiller: cgroup v2 cannot")]
    [InlineData("""{"cpu": {"realtimeRuntime": 950000}}""", "linux.resources.cpu.realtimeRuntime: real-time budgets")]
    [InlineData("""{"network": {"classID": 1048577}}""", "linux.resources.network: net_cls and net_prio")]
    [InlineData("""{"blockIO": {"leafWeight": 10}}""", "linux.resources.blockIO.leafWeight: ")]
    [InlineData("""{"hugepageLimits": [{"pageSize": "2M", "limit": 1}]}""", "linux.resources.hugepageLimits[0].pageSize: \"2M\"")]
    [InlineData("""{"unified": {"cgroup.procs": "1"}}""", "linux.resources.unified[\"cgroup.procs\"]: not a file")]
    [InlineData("""{"unified": {"../x": "1"}}""", "linux.resources.unified[\"../x\"]: not a file")]
    [InlineData("""{"memroy": {"limit": 1}}""", "linux.resources.memroy: unknown field")]
    [InlineData("""{"memory": {"limit": "lots"}}""", "linux.resources.memory.limit: unknown field, or not a valid value")]
    [InlineData("""{"devices": [{"allow": true, "type": "x"}]}""", "linux.resources.devices[0].type: \"x\" is not a, c or b")]
    [InlineData("""{"devices": [{"allow": true, "access": "rwx"}]}""", "linux.resources.devices[0].access: \"rwx\" may only hold")]
    public void Bad_or_v1_only_fields_are_refused_by_name(string json, string start)
    {
        var e = Assert.Throws<SysException>(() => Request(json));
        Assert.StartsWith(start, e.Error.ToString());
    }

    [Theory]
    [InlineData("/a/b", "/a/b")]
    [InlineData("a//b/", "/a/b")]
    public void Cgroups_paths_are_taken_from_the_root(string given, string path) =>
        Assert.Equal(path, From(Spec(null, given))!.PathFor("x"));

    [Theory]
    [InlineData("/", "must name a cgroup below the root")]
    [InlineData("/a/../../b", "must name a cgroup below the root")]
    [InlineData("system.slice:cinit:web", "systemd's slice:prefix:name form")]
    public void Bad_cgroups_paths_are_refused(string given, string part)
    {
        var e = Assert.Throws<SysException>(() => From(Spec(null, given)));
        Assert.StartsWith("linux.cgroupsPath: ", e.Error.ToString());
        Assert.Contains(part, e.Error.ToString());
    }

    [Fact]
    public void No_path_and_no_resources_asks_for_no_cgroup()
    {
        Assert.Null(From(Spec(null, null)));
        Assert.Null(From(Spec("{}", null)));
        var pathOnly = From(Spec(null, "/services/web"))!;
        Assert.False(pathOnly.AsksForResources);
        Assert.Empty(pathOnly.Writes);
        Assert.Null(pathOnly.Devices);
    }

    private static CgroupRequest Request(string resources) => From(Spec(resources, null))!;

    // These are the v2 conversions whatever this host runs (CgroupV1Tests has the v1 ones).
    private static CgroupRequest? From(Oci.Spec spec) => CgroupRequest.From(spec, () => CgroupLayout.Unified);

    private static Oci.Spec Spec(string? resources, string? path) => new()
    {
        Linux = new Oci.LinuxSection
        {
            CgroupsPath = path,
            Resources = resources is null ? null : JsonDocument.Parse(resources).RootElement.Clone(),
        },
    };

    private static string Show(CgroupWrite w) =>
        $"{w.Field} {w.File}={w.Value}" + (w.Otherwise is { } o ? $" else {o.File}={o.Value}" : "");
}
