using System.Text.Json;
using Oci;

namespace Tests.HostShim;

/// <summary>
/// linux.cgroupsPath and linux.resources on this cgroup v1 (hybrid) host, the way runc's cgroupfs
/// driver does it: one directory per hierarchy, the limits in each controller's files (read from the
/// host while the container runs), the container in every hierarchy, all of it gone afterwards.
/// </summary>
public sealed class CgroupV1Tests(ShimFixture fixture) : IClassFixture<ShimFixture>, IDisposable
{
    private const string Parent = "cinit-v1-test";

    private const string Limits = """
        {"memory": {"limit": 33554432, "reservation": 16777216, "swappiness": 10, "disableOOMKiller": true},
         "pids": {"limit": 20}, "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": "0"},
         "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rm"}]}
        """;

    private readonly V1Cgroups _v1 = V1Cgroups.OfThisHost();

    [Fact]
    public void Limits_land_in_each_controllers_files_and_every_hierarchy_holds_the_container()
    {
        const string path = "/" + Parent + "/limits";
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c",
            "echo x > /dev/null && echo wrote-null; cat /dev/null && echo read-null; echo x > /dev/zero && echo wrote-zero; exec sleep 30"],
            s => With(s, Limits, path));
        var seen = new Dictionary<string, string>();
        var result = Runner.Shim(bundle.Dir, "v1limits", _ =>
        {
            var pid = WaitForSleep(_v1.Dir("pids", path));
            seen["memory.limit_in_bytes"] = Read("memory", path, "memory.limit_in_bytes");
            seen["memory.soft_limit_in_bytes"] = Read("memory", path, "memory.soft_limit_in_bytes");
            seen["memory.swappiness"] = Read("memory", path, "memory.swappiness");
            seen["memory.oom_control"] = Read("memory", path, "memory.oom_control").Split('\n')[0];
            seen["pids.max"] = Read("pids", path, "pids.max");
            seen["cpu.shares"] = Read(CpuKey, path, "cpu.shares");
            seen["cpu.cfs_quota_us"] = Read(CpuKey, path, "cpu.cfs_quota_us");
            seen["cpu.cfs_period_us"] = Read(CpuKey, path, "cpu.cfs_period_us");
            seen["cpuset.cpus"] = Read("cpuset", path, "cpuset.cpus");
            seen["devices.list"] = Read("devices", path, "devices.list").Split('\n')[0];
            seen["in every hierarchy"] = string.Join(' ', _v1.All(path).Where(d => !File.ReadAllText(d + "/cgroup.procs").Split('\n').Contains(pid)));
            System.Diagnostics.Process.Start("kill", ["-KILL", pid]).WaitForExit();
        });
        Assert.True(result.ExitCode == 137, result.ToString());
        Assert.Equal("read-null\nwrote-zero\n", result.Stdout);
        Assert.Contains("can't create /dev/null: Operation not permitted", result.Stderr);
        Assert.Equal(new Dictionary<string, string>
        {
            ["memory.limit_in_bytes"] = "33554432", ["memory.soft_limit_in_bytes"] = "16777216", ["memory.swappiness"] = "10",
            ["memory.oom_control"] = "oom_kill_disable 1", ["pids.max"] = "20", ["cpu.shares"] = "512", ["cpu.cfs_quota_us"] = "50000",
            ["cpu.cfs_period_us"] = "100000", ["cpuset.cpus"] = "0", ["devices.list"] = "c 1:3 rm", ["in every hierarchy"] = "",
        }, seen);
        Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
    }

    [Fact]
    public void A_relative_path_starts_at_our_own_cgroup_in_each_hierarchy_and_its_new_parents_go_too()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["cat", "/proc/self/cgroup"], s => With(s, """{"pids": {"limit": 10}}""", Parent + "/rel"));
        var result = Runner.Shim(bundle.Dir, "v1rel");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(':')[1], l => l.Split(':', 3)[2]);
        foreach (var (key, _, own) in _v1.Hierarchies)
            Assert.Equal((own == "/" ? "" : own) + "/" + Parent + "/rel", lines[key]);
        Assert.DoesNotContain(_v1.Hierarchies.Select(h => _v1.RelativeDir(h.Key, Parent)), Directory.Exists);
    }

    [Fact]
    public void A_cgroup_namespace_is_rooted_at_the_containers_cgroup_in_every_hierarchy()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["cat", "/proc/self/cgroup"], s =>
        {
            var spec = With(s, null, "/" + Parent + "/cgns");
            return spec with { Linux = spec.Linux! with { Namespaces = [.. spec.Linux.Namespaces!, new() { Type = "cgroup" }] } };
        });
        var result = Runner.Shim(bundle.Dir, "v1cgns");
        Assert.True(result.ExitCode == 0, result.ToString());
        var paths = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 3)[2]).Distinct();
        Assert.Equal(["/"], paths);
    }

    [Fact]
    public void A_controller_that_is_not_mounted_is_named_with_the_field_and_nothing_is_made()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => With(s,
            """{"pids": {"limit": 10}, "hugepageLimits": [{"pageSize": "2MB", "limit": 0}]}""", "/" + Parent + "/nohugetlb"));
        // A fresh hybrid host keeps hugetlb on its cgroup2 mount; one set up like this host mounts it as v1:
        // then it is unmounted in a private mount namespace.
        var hugetlb = _v1.Hierarchies.FirstOrDefault(h => h.Key == "hugetlb").Mount;
        var setup = hugetlb is null ? "true" : $"umount {hugetlb}";
        var result = Runner.Run("unshare", ["-m", "sh", "-c", $"{setup} && exec \"$0\" run --bundle \"$1\" nohugetlb",
            ShimFixture.ShimPath, bundle.Dir]);
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Equal("containerd-shim: nohugetlb: cgroup: linux.resources.hugepageLimits[0]: cgroup v1 controller \"hugetlb\" is not mounted\n",
            result.Stderr);
        Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
    }

    [Fact]
    public void A_stage_2_failure_while_stage_1_makes_the_cgroup_is_stage_2s_own_and_leaves_no_cgroup()
    {
        // Stage 2 mounts while stage 1 makes and joins the cgroup (SyncPoint.InCgroup): a mount that fails
        // at once often ends stage 2 before the move, which then fails with ESRCH. Its own failure is the one
        // reported, every time, and every directory made is removed.
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => With(s, """{"pids": {"limit": 10}}""", "/" + Parent + "/early") with
        {
            Mounts = [.. s.Mounts!, new() { Destination = "/mnt", Type = "nosuchfs", Source = "none" }],
        });
        for (var i = 0; i < 20; i++)
        {
            var result = Runner.Shim(bundle.Dir, "v1early");
            Assert.True(result.ExitCode == 125 && result.Stderr.Length > 0, $"run {i}: {result}");
            Assert.Matches(@"^containerd-shim: v1early: mounts: mounts\[\d+\] /mnt: mount nosuchfs on /mnt: ENODEV \(No such device\)\n$", result.Stderr);
            Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
        }
    }

    [Fact]
    public void A_refused_value_names_the_field_and_file_and_every_directory_made_is_removed()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => With(s, """{"pids": {"limit": 10}, "cpu": {"cpus": "bogus"}}""", "/" + Parent + "/refused"));
        var result = Runner.Shim(bundle.Dir, "v1refused");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Equal($"containerd-shim: v1refused: cgroup: linux.resources.cpu.cpus: write bogus to {_v1.Dir("cpuset", "/" + Parent + "/refused")}/cpuset.cpus: " +
            "EINVAL (Invalid argument)\n", result.Stderr);
        Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
    }

    [Fact]
    public void Ps_and_kill_all_find_every_process_through_the_cgroup_without_a_pid_namespace()
    {
        const string path = "/" + Parent + "/ps";
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "sleep 31 & sleep 32 & wait"],
            s => With(Bundle.WithoutPidNamespace(s), null, path));
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, "v1ps").ExitCode);
        Assert.Equal(0, cli.Run("start", "v1ps").ExitCode);
        var pid = cli.State("v1ps")!.Value.GetProperty("pid").GetInt32();
        var until = DateTime.UtcNow.AddSeconds(10);
        int[] pids;
        while ((pids = JsonSerializer.Deserialize<int[]>(cli.Run("ps", "--format", "json", "v1ps").Stdout)!).Length < 3 && DateTime.UtcNow < until)
            Thread.Sleep(20);
        Assert.Equal(3, pids.Length);
        Assert.Contains(pid, pids);
        Assert.Equal(pids.Order(), File.ReadAllLines(_v1.Dir("memory", path) + "/cgroup.procs").Select(int.Parse).Order());
        // Stopped, not killed, so the supervisor's clean-up cannot be what ended them: each one got it.
        Assert.Equal(0, cli.Run("kill", "--all", "v1ps", "STOP").ExitCode);
        Assert.All(pids, p => Assert.Equal("T", WaitForState(p, "T")));
        Assert.Equal(0, cli.Run("kill", "--all", "v1ps", "KILL").ExitCode);
        Assert.Equal("stopped", cli.WaitForStatus("v1ps", "stopped"));
        Assert.Equal(0, cli.Run("delete", "v1ps").ExitCode);
        Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
    }

    [Fact]
    public void Delete_removes_the_cgroups_of_a_supervisor_that_was_killed_before_it_could()
    {
        const string path = "/" + Parent + "/orphan";
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "33"], s => With(s, Limits, path));
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, "v1orphan").ExitCode);
        Assert.Equal(0, cli.Run("start", "v1orphan").ExitCode);
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Root, "v1orphan", "state.json"))))
        {
            var shimPid = record.RootElement.EnumerateObject().First(p => p.Name.Equals("shimPid", StringComparison.OrdinalIgnoreCase)).Value.GetInt32();
            System.Diagnostics.Process.Start("kill", ["-KILL", shimPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        }
        // The supervisor is gone; its container (pid 1 of its namespace) and every directory stay.
        Assert.All(_v1.All(path), d => Assert.True(Directory.Exists(d), d));
        var result = cli.Run("delete", "--force", "v1orphan");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(_v1.All("/" + Parent), Directory.Exists);
    }

    [Fact]
    public void Exec_joins_the_containers_cgroups_even_from_another_cgroup()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"], s => With(s, """{"pids": {"limit": 50}}""", Parent + "/exec"));
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, "v1exec").ExitCode);
        var pid = cli.State("v1exec")!.Value.GetProperty("pid").GetInt32();
        // The caller sits elsewhere in the memory hierarchy: a relative path resolved from there would miss.
        var caller = _v1.Dir("memory", "/" + Parent + "/caller");
        Directory.CreateDirectory(caller);
        var result = Runner.Run("sh", ["-c", $"echo $$ > {caller}/cgroup.procs && exec \"$0\" --root \"$1\" exec v1exec cat /proc/self/cgroup",
            ShimFixture.ShimPath, cli.Root]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllText($"/proc/{pid}/cgroup"), result.Stdout);
        Assert.Equal(0, cli.Run("delete", "--force", "v1exec").ExitCode);
    }

    [Fact]
    public void The_same_limits_and_hierarchies_as_runc_on_the_same_bundle()
    {
        const string path = "/" + Parent + "/cmp";
        // The container reads its own cgroup files through a read-only bind of the host's hierarchies.
        var files = string.Join(' ', new[]
        {
            "memory/memory.limit_in_bytes", "memory/memory.soft_limit_in_bytes", "memory/memory.swappiness", "pids/pids.max",
            "cpuset/cpuset.cpus", "cpuset/cpuset.mems", $"{CpuMount}/cpu.shares", $"{CpuMount}/cpu.cfs_quota_us", $"{CpuMount}/cpu.cfs_period_us",
        }.Select(f => $"/sys/fs/cgroup/{f.Split('/')[0]}{path}/{f.Split('/')[1]}"));
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", $"cat /proc/self/cgroup | cut -d: -f2- | sort; head -qn1 {files} /dev/null"],
            s => With(s, Limits, path) with
            {
                Mounts = [.. s.Mounts!, new Mount { Destination = "/sys/fs/cgroup", Type = "bind", Source = "/sys/fs/cgroup", Options = ["rbind", "ro"] }],
            });
        var runc = Runner.Runc(bundle.Dir, "v1cmp-runc");
        var ours = Runner.Shim(bundle.Dir, "v1cmp");
        Assert.True(runc.ExitCode == 0, runc.ToString());
        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.Equal(runc.Stdout, ours.Stdout);
        Assert.Contains($"memory:{path}\n", ours.Stdout);
        // runc leaves the parent it made; so ours found it there and left it too: only the leaf went.
        Assert.DoesNotContain(_v1.All(path), Directory.Exists);
    }

    public void Dispose() => _v1.RemoveLeftovers("/" + Parent);

    /// <summary>The cpu hierarchy's directory name under /sys/fs/cgroup ("cpu" or "cpu,cpuacct").</summary>
    private string CpuMount => Path.GetFileName(_v1.Hierarchies.First(h => h.Key.Split(',').Contains("cpu")).Mount);

    private string CpuKey => _v1.Hierarchies.First(h => h.Key.Split(',').Contains("cpu")).Key;

    private string Read(string key, string path, string file) => File.ReadAllText($"{_v1.Dir(key, path)}/{file}").Trim();

    /// <summary>The container's pid once its process is the sleep (past stage 2 and the sh).</summary>
    private static string WaitForSleep(string dir)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            var pid = File.Exists(dir + "/cgroup.procs") ? File.ReadAllText(dir + "/cgroup.procs").Trim() : "";
            if (pid.Length > 0 && !pid.Contains('\n') && ReadOrEmpty($"/proc/{pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal)) return pid;
            Thread.Sleep(10);
        }
        throw new TimeoutException($"no sleep in {dir}/cgroup.procs within 10 s");
    }

    private static string WaitForState(int pid, string state)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        string now;
        while ((now = ReadOrEmpty($"/proc/{pid}/stat").Split(") ").Last().Split(' ')[0]) != state && DateTime.UtcNow < until) Thread.Sleep(10);
        return now;
    }

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static Spec With(Spec spec, string? resources, string path) => spec with
    {
        Linux = spec.Linux! with
        {
            CgroupsPath = path,
            Resources = resources is null ? null : JsonDocument.Parse(resources).RootElement.Clone(),
        },
    };
}
