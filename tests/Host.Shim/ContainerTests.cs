using Oci;

namespace Tests.HostShim;

public sealed class ContainerTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void Env_cwd_and_hostname_are_applied()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo $FOO; pwd; hostname"], s => s with
        {
            Process = s.Process! with { Env = [.. s.Process.Env!, "FOO=bar baz"], Cwd = "/etc" },
            Hostname = "box-7",
        });
        var result = Runner.Shim(bundle.Dir, "env");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("bar baz\n/etc\nbox-7\n", result.Stdout);
    }

    [Fact]
    public void Sysctls_and_oom_score_adj_are_applied()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "cat /proc/sys/kernel/domainname /proc/self/oom_score_adj"], s => s with
        {
            Process = s.Process! with { OomScoreAdj = 456 },
            Linux = s.Linux! with { Sysctl = new() { ["kernel.domainname"] = "shim.test" } },
        });
        var result = Runner.Shim(bundle.Dir, "sysctl");
        Assert.Equal("shim.test\n456\n", result.Stdout);
    }

    [Fact]
    public void An_unknown_sysctl_says_which()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => s with
        {
            Linux = s.Linux! with { Sysctl = new() { ["net.ipv4.nosuchknob"] = "1" } },
        });
        var result = Runner.Shim(bundle.Dir, "badsysctl");
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("containerd-shim: badsysctl: sysctl: sysctl net.ipv4.nosuchknob=1: write /proc/sys/net/ipv4/nosuchknob: ENOENT (No such file or directory)\n", result.Stderr);
    }

    [Fact]
    public void The_process_is_pid_1_of_its_namespace()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo $$; cat /proc/1/comm; test -e /proc/2 || echo no-host-pids"]);
        var result = Runner.Shim(bundle.Dir, "pid1");
        Assert.Equal("1\nsh\nno-host-pids\n", result.Stdout);
    }

    [Fact]
    public void Writing_to_a_read_only_root_fails()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "touch /newfile"]);
        var result = Runner.Shim(bundle.Dir, "rofs");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Read-only file system", result.Stderr);
        Assert.False(File.Exists(Path.Combine(fixture.Rootfs, "newfile")));
    }

    [Fact]
    public void Capabilities_are_the_configured_ones()
    {
        List<string> caps = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"];
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "grep -E '^Cap(Eff|Prm|Bnd|Inh)' /proc/self/status; grep NoNewPrivs /proc/self/status"], s => s with
        {
            Process = s.Process! with { Capabilities = new Capabilities { Bounding = caps, Effective = caps, Permitted = caps } },
        });
        var result = Runner.Shim(bundle.Dir, "caps");
        const string mask = "0000000000002021"; // bits 0, 5 and 13
        Assert.Equal($"CapInh:\t0000000000000000\nCapPrm:\t{mask}\nCapEff:\t{mask}\nCapBnd:\t{mask}\nNoNewPrivs:\t1\n", result.Stdout);
    }

    [Fact]
    public void Uid_gid_and_groups_are_applied()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "grep -E '^(Uid|Gid|Groups|CapEff)' /proc/self/status"], s => s with
        {
            Process = s.Process! with { User = new User { Uid = 1000, Gid = 1001, AdditionalGids = [5, 7] } },
        });
        var result = Runner.Shim(bundle.Dir, "user");
        Assert.True(result.ExitCode == 0, result.ToString());
        // Not root and no file capabilities: the exec leaves only ambient ones effective, and the
        // default set's ambient capabilities are not inheritable, so none (runc gives the same).
        Assert.Equal("Uid:\t1000\t1000\t1000\t1000\nGid:\t1001\t1001\t1001\t1001\nGroups:\t5 7 \nCapEff:\t0000000000000000\n", result.Stdout);
    }

    [Fact]
    public void A_bind_mount_shows_the_host_directory_read_only()
    {
        var host = Directory.CreateTempSubdirectory("bind-").FullName;
        File.WriteAllText(Path.Combine(host, "hello.txt"), "from the host\n");
        try
        {
            using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "cat /mnt/data/hello.txt; touch /mnt/data/x"], s => s with
            {
                Mounts = [.. s.Mounts!, new Mount { Destination = "/mnt/data", Type = "bind", Source = host, Options = ["rbind", "ro", "nosuid"] }],
            });
            // /mnt/data does not exist in the read-only image: it is created only in the writable test rootfs copy.
            Directory.CreateDirectory(Path.Combine(fixture.Rootfs, "mnt/data"));
            var result = Runner.Shim(bundle.Dir, "bind");
            Assert.Equal("from the host\n", result.Stdout);
            Assert.Contains("Read-only file system", result.Stderr);
            Assert.False(File.Exists(Path.Combine(host, "x")));
        }
        finally
        {
            Directory.Delete(host, recursive: true);
        }
    }

    [Fact]
    public void A_file_bind_such_as_dev_console_creates_its_mount_point()
    {
        var host = Path.GetTempFileName();
        File.WriteAllText(host, "motd from the host\n");
        try
        {
            using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "test -c /dev/console && echo ok > /dev/console && cat /etc/motd-bound"], s => s with
            {
                Mounts =
                [
                    .. s.Mounts!,
                    new Mount { Destination = "/dev/console", Type = "bind", Source = "/dev/null", Options = ["rbind", "rw"] },
                    new Mount { Destination = "/etc/motd-bound", Type = "bind", Source = host, Options = ["bind", "ro"] },
                ],
            });
            var result = Runner.Shim(bundle.Dir, "filebind");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("motd from the host\n", result.Stdout);
        }
        finally
        {
            File.Delete(host);
        }
    }

    [Fact]
    public void A_writable_layer_leaves_the_bundles_rootfs_untouched()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo x > /written && rm /bin/cat && test ! -e /bin/cat && cat /written"], s => s with
        {
            Root = s.Root! with { Readonly = false },
            Annotations = new() { ["org.cinit.writable-layer"] = "true" },
        });
        var result = Runner.Shim(bundle.Dir, "layer");
        Assert.True(result.ExitCode == 0, result.ToString()); // cat was removed, in the layer only
        Assert.Equal("x\n", result.Stdout);
        Assert.DoesNotContain("using the rootfs directly", result.Stderr);
        Assert.False(File.Exists(Path.Combine(fixture.Rootfs, "written")));
        Assert.True(File.Exists(Path.Combine(fixture.Rootfs, "bin/cat")) || new FileInfo(Path.Combine(fixture.Rootfs, "bin/cat")).LinkTarget is not null);
    }

    [Fact]
    public void No_mount_is_left_on_the_host()
    {
        var before = MountPoints();
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => s with { Annotations = new() { ["org.cinit.writable-layer"] = "true" }, Root = s.Root! with { Readonly = false } });
        var result = Runner.Shim(bundle.Dir, "leak");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, MountPoints());
    }

    private static List<string> MountPoints() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Order(StringComparer.Ordinal)];
}
