using ShimV2.Serve;

namespace Tests.UnitShimV2;

/// <summary>Where the shim reads a container's OOM-kill count: the v1 memory hierarchy's file on a v1 or hybrid
/// host, cgroup2's memory.events on a unified one, and the count from either file's oom_kill line.</summary>
public sealed class OomCounterTests
{
    private static readonly string[] HybridMounts =
    [
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory",
        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
    ];

    [Fact]
    public void On_a_hybrid_host_it_is_the_v1_memory_cgroups_oom_control()
    {
        string[] cgroup = ["4:memory:/default/c1", "1:cpu:/default/c1", "0::/default/c1"];
        Assert.Equal("/sys/fs/cgroup/memory/default/c1/memory.oom_control", OomCounter.FileOf(cgroup, HybridMounts));
    }

    [Fact]
    public void On_a_unified_host_it_is_memory_events()
    {
        string[] mounts = ["25 20 0:22 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"];
        Assert.Equal("/sys/fs/cgroup/k8s/pod1/c1/memory.events", OomCounter.FileOf(["0::/k8s/pod1/c1"], mounts));
    }

    [Fact]
    public void A_mount_showing_a_subtree_maps_paths_below_it_and_nothing_outside()
    {
        string[] mounts = ["35 31 0:32 /ns /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory"];
        Assert.Equal("/sys/fs/cgroup/memory/c1/memory.oom_control", OomCounter.FileOf(["4:memory:/ns/c1"], mounts));
        Assert.Null(OomCounter.FileOf(["4:memory:/other/c1"], mounts));
    }

    [Fact]
    public void Without_a_memory_controller_there_is_no_file()
    {
        Assert.Null(OomCounter.FileOf(["1:cpu:/c1"], ["32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu"]));
    }

    [Fact]
    public void The_count_is_the_oom_kill_line_of_either_file()
    {
        Assert.Equal(2ul, OomCounter.Parse("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"));
        Assert.Equal(1ul, OomCounter.Parse("low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n"));
        Assert.Null(OomCounter.Parse("oom_kill_disable 0\nunder_oom 0\n"));
    }
}
