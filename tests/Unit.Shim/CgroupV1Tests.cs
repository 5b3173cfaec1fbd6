using System.Text.Json;
using Linux;
using Shim.Cgroups;

namespace Tests.UnitShim;

/// <summary>cgroup v1: finding the hierarchies, where a cgroupsPath lands in each, and linux.resources
/// as v1 files (the spec's own units, so values go in unchanged) with refusals by field name.</summary>
public sealed class CgroupV1Tests
{
    // A hybrid host like our CI: cpu and cpuacct co-mounted, name=systemd, cgroup2 at unified, and a
    // memory mount hidden under a later tmpfs elsewhere (still listed in mountinfo).
    private const string Mountinfo = """
        31 23 0:28 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset,clone_children
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
        90 88 0:32 /docker/abc /mnt/hidden\040mem rw - cgroup cgroup rw,memory
        """;

    private const string ProcCgroup = """
        4:memory:/user.slice/job
        3:cpuset:/
        2:cpu,cpuacct:/user.slice
        1:name=systemd:/user.slice/session-1.scope
        0::/user.slice/session-1.scope
        7:pids:/
        """;

    [Fact]
    public void Hierarchies_come_from_proc_self_cgroup_and_mountinfo()
    {
        var found = V1Hierarchies.Parse(ProcCgroup, Mountinfo);
        Assert.Equal(
        [
            "memory -> /sys/fs/cgroup/memory (/) own /user.slice/job",
            "cpuset -> /sys/fs/cgroup/cpuset (/) own /",
            "cpu,cpuacct -> /sys/fs/cgroup/cpu,cpuacct (/) own /user.slice",
            "name=systemd -> /sys/fs/cgroup/systemd (/) own /user.slice/session-1.scope",
            " -> /sys/fs/cgroup/unified (/) own /user.slice/session-1.scope",
        ], found.Select(h => $"{h.Key} -> {h.MountPoint} ({h.MountRoot}) own {h.OwnPath}"));
        Assert.True(found[2].Has("cpuacct"));
    }

    [Fact]
    public void A_mount_that_cannot_be_reached_is_not_used()
    {
        var found = V1Hierarchies.Parse("4:memory:/docker/abc/x\n", Mountinfo, (point, _) => point != "/sys/fs/cgroup/memory");
        var memory = Assert.Single(found);
        Assert.Equal(("/mnt/hidden mem", "/docker/abc"), (memory.MountPoint, memory.MountRoot));
        Assert.Equal("/mnt/hidden mem/x/c", memory.DirectoryOf("/docker/abc/x/c"));
        Assert.Null(memory.DirectoryOf("/elsewhere"));
    }

    [Theory]
    [InlineData("/c", false, "/", "/sys/fs/cgroup/memory/c")]
    [InlineData("/a/b", false, "/user.slice/job", "/sys/fs/cgroup/memory/a/b")]
    [InlineData("/a/b", true, "/user.slice/job", "/sys/fs/cgroup/memory/user.slice/job/a/b")]
    [InlineData("/a/b", true, "/", "/sys/fs/cgroup/memory/a/b")]
    public void Relative_paths_start_at_our_own_cgroup_of_each_hierarchy(string path, bool relative, string own, string directory)
    {
        var memory = new V1Hierarchy("memory", ["memory"], "/sys/fs/cgroup/memory", "/", own);
        Assert.Equal(directory, memory.DirectoryOf(memory.PathFor(path, relative)));
    }

    [Fact]
    public void A_relative_cgroups_path_is_marked_relative()
    {
        Assert.True(Request(null, "testdir/c").Relative);
        Assert.Equal("/testdir/c", Request(null, "testdir/c").PathFor("x"));
        Assert.False(Request(null, "/testdir/c").Relative);
        Assert.Equal(CgroupLayout.Legacy, Request(null, "/testdir/c").Layout);
    }

    [Fact]
    public void Every_kind_of_limit_becomes_its_v1_file()
    {
        var request = Request("""
            {"memory": {"limit": 33554432, "reservation": 16777216, "swap": 67108864, "kernel": 1048576, "kernelTCP": 1048576,
                        "swappiness": 10, "disableOOMKiller": true},
             "pids": {"limit": -1}, "cpu": {"shares": 512, "quota": 50000, "period": 100000, "realtimeRuntime": 950000,
                     "realtimePeriod": 1000000, "cpus": "0", "mems": "0"},
             "blockIO": {"weight": 300, "leafWeight": 200, "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}]},
             "hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}],
             "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 5}]}}
            """, null);
        Assert.Equal(
        [
            "linux.resources.cpu.cpus cpuset.cpus=0",
            "linux.resources.cpu.mems cpuset.mems=0",
            "linux.resources.cpu.shares cpu.shares=512",
            "linux.resources.cpu.period cpu.cfs_period_us=100000",
            "linux.resources.cpu.quota cpu.cfs_quota_us=50000",
            "linux.resources.cpu.realtimePeriod cpu.rt_period_us=1000000",
            "linux.resources.cpu.realtimeRuntime cpu.rt_runtime_us=950000",
            "linux.resources.memory.limit memory.limit_in_bytes=33554432",
            "linux.resources.memory.swap memory.memsw.limit_in_bytes=67108864",
            "linux.resources.memory.reservation memory.soft_limit_in_bytes=16777216",
            "linux.resources.memory.kernel memory.kmem.limit_in_bytes=1048576 (optional)",
            "linux.resources.memory.kernelTCP memory.kmem.tcp.limit_in_bytes=1048576 (optional)",
            "linux.resources.memory.swappiness memory.swappiness=10",
            "linux.resources.memory.disableOOMKiller memory.oom_control=1",
            "linux.resources.pids.limit pids.max=max",
            "linux.resources.blockIO.weight blkio.weight=300 else blkio.bfq.weight=300",
            "linux.resources.blockIO.leafWeight blkio.leaf_weight=200",
            "linux.resources.blockIO.throttleReadBpsDevice[0] blkio.throttle.read_bps_device=8:0 1048576",
            "linux.resources.hugepageLimits[0] hugetlb.2MB.limit_in_bytes=4194304",
            "linux.resources.network.classID net_cls.classid=1048577",
            "linux.resources.network.priorities[0] net_prio.ifpriomap=eth0 5",
        ], request.Writes.Select(Show));
        Assert.Equal("/containers/web", request.PathFor("web"));
    }

    [Fact]
    public void Unlimited_is_minus_one_and_zero_is_unset()
    {
        var request = Request("""{"memory": {"limit": -1, "swap": -1, "reservation": 0}, "pids": {"limit": 0}, "cpu": {"quota": -1}}""", null);
        Assert.Equal("cpu.cfs_quota_us=-1|memory.limit_in_bytes=-1|memory.memsw.limit_in_bytes=-1",
            string.Join('|', request.Writes.Select(w => $"{w.File}={w.Value}")));
    }

    [Fact]
    public void Device_rules_deny_everything_first_then_follow_in_order()
    {
        var request = Request("""
            {"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwm"},
                         {"allow": true, "type": "b", "major": 8, "access": "r"}, {"allow": false, "type": "c", "major": 1, "minor": 3, "access": "w"}]}
            """, null);
        var lines = request.Writes.Select(w => $"{w.File} {w.Value}").ToList();
        Assert.Equal(["devices.deny a", "devices.deny a", "devices.allow c 10:229 rwm", "devices.allow b 8:* r", "devices.deny c 1:3 w"], lines[..5]);
        // Then the nodes every container needs, /dev/null excepted: the bundle named it.
        Assert.Contains("devices.allow c *:* m", lines);
        Assert.Contains("devices.allow c 136:* rwm", lines);
        Assert.DoesNotContain("devices.allow c 1:3 rwm", lines);
        Assert.All(request.Writes, w => Assert.Equal("linux.resources.devices", w.Field));
    }

    [Theory]
    [InlineData("""{"memory": {"limit": 2097152, "swap": 1048576}}""", "linux.resources.memory.swap: 1048576 is below memory.limit 2097152")]
    [InlineData("""{"memory": {"swap": -2}}""", "linux.resources.memory.swap: -2 is not a byte count")]
    [InlineData("""{"memory": {"swappiness": 101}}""", "linux.resources.memory.swappiness: 101 is not 0..100")]
    [InlineData("""{"unified": {"memory.high": "1"}}""", "linux.resources.unified[\"memory.high\"]: cgroup v2 files cannot be set")]
    [InlineData("""{"network": {"priorities": [{"name": "eth0"}]}}""", "linux.resources.network.priorities[0]: needs a \"name\"")]
    [InlineData("""{"network": {"priorities": [{"name": "a b", "priority": 1}]}}""", "linux.resources.network.priorities[0].name: \"a b\"")]
    [InlineData("""{"hugepageLimits": [{"pageSize": "2M", "limit": 1}]}""", "linux.resources.hugepageLimits[0].pageSize: \"2M\"")]
    [InlineData("""{"blockIO": {"throttleReadBpsDevice": [{"major": -1, "minor": 0, "rate": 1}]}}""", "linux.resources.blockIO: -1:0 is not a device number")]
    public void Bad_values_are_refused_by_name(string json, string start)
    {
        var e = Assert.Throws<SysException>(() => Request(json, null));
        Assert.StartsWith(start, e.Error.ToString());
    }

    [Fact]
    public void Fields_that_v2_refuses_are_v1_files()
    {
        // The same bundle on a v2 host is refused by name (CgroupConversionTests); here it is applied.
        var request = Request("""{"memory": {"kernel": 1048576}, "cpu": {"realtimeRuntime": 1}, "blockIO": {"leafWeight": 10}}""", null);
        Assert.Equal(["cpu.rt_runtime_us", "memory.kmem.limit_in_bytes", "blkio.leaf_weight"], request.Writes.Select(w => w.File));
    }

    private static CgroupRequest Request(string? resources, string? path) => CgroupRequest.From(new Oci.Spec
    {
        Linux = new Oci.LinuxSection
        {
            CgroupsPath = path,
            Resources = resources is null ? null : JsonDocument.Parse(resources).RootElement.Clone(),
        },
    }, () => CgroupLayout.Legacy)!;

    private static string Show(CgroupWrite w) =>
        $"{w.Field} {w.File}={w.Value}" + (w.Otherwise is { } o ? $" else {o.File}={o.Value}" : "") + (w.Optional ? " (optional)" : "");
}
