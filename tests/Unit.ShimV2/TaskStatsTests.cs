using ShimV2.Serve;

namespace Tests.UnitShimV2;

/// <summary>runc's stats JSON (as our runtime's events --stats prints it) to containerd's cgroups Metrics.</summary>
public sealed class TaskStatsTests
{
    private const string Json = """
        {"type":"stats","id":"c","data":{"cpu":{"usage":{"total":15105797,"percpu":[1054213,14051584],"kernel":10000000,"user":2000}},
         "memory":{"usage":{"limit":9223372036854771712,"usage":528384,"max":2912256,"failcnt":1},"raw":{"total_inactive_file":4096,"inactive_file":8192}},
         "pids":{"current":3,"limit":100}}}
        """;

    [Fact]
    public void On_a_v1_host_it_is_io_containerd_cgroups_v1_metrics()
    {
        var any = TaskStats.FromRuntimeJson(Json, unified: false);
        Assert.Equal("io.containerd.cgroups.v1.Metrics", any.TypeUrl);
        var m = ShimV2.Protocol.CgroupsV1.Metrics.Parser.ParseFrom(any.Value);
        Assert.Equal((15105797ul, 10000000ul, 2000ul), (m.Cpu.Usage.Total, m.Cpu.Usage.Kernel, m.Cpu.Usage.User));
        Assert.Equal([1054213ul, 14051584ul], m.Cpu.Usage.PerCpu);
        Assert.Equal((528384ul, 9223372036854771712ul, 2912256ul, 1ul, 4096ul), (m.Memory.Usage.Usage, m.Memory.Usage.Limit, m.Memory.Usage.Max, m.Memory.Usage.Failcnt, m.Memory.TotalInactiveFile));
        Assert.Equal((3ul, 100ul), (m.Pids.Current, m.Pids.Limit));
    }

    [Fact]
    public void On_a_unified_host_it_is_v2_metrics_in_microseconds()
    {
        var any = TaskStats.FromRuntimeJson(Json, unified: true);
        Assert.Equal("io.containerd.cgroups.v2.Metrics", any.TypeUrl);
        var m = ShimV2.Protocol.CgroupsV2.Metrics.Parser.ParseFrom(any.Value);
        Assert.Equal((15105ul, 10000ul, 2ul, 528384ul, 8192ul, 3ul), (m.Cpu.UsageUsec, m.Cpu.SystemUsec, m.Cpu.UserUsec, m.Memory.Usage, m.Memory.InactiveFile, m.Pids.Current));
    }

    [Fact]
    public void What_the_runtime_left_out_is_zero()
    {
        var m = ShimV2.Protocol.CgroupsV1.Metrics.Parser.ParseFrom(TaskStats.FromRuntimeJson("""{"data":{"pids":{"current":1}}}""", false).Value);
        Assert.Equal((1ul, 0ul, 0ul), (m.Pids.Current, m.Cpu.Usage.Total, m.Memory.Usage.Usage));
    }
}
