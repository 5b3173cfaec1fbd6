namespace Tests.HostShim;

/// <summary>The same bundle under runc and under the shim: what the container sees must match, field by
/// field of the spec (docs/runc-differences.md lists what deliberately does not).</summary>
public sealed class RuncComparisonTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    // What the container sees: credentials and capability sets, umask, names, OOM score, every rlimit,
    // a few namespaced sysctls, the mount table (point, options, type, super options), /dev, exit code.
    private const string Probe =
        "grep -E '^(Uid|Gid|Groups|Cap[A-Za-z]+|NoNewPrivs|Sig(Blk|Ign)):' /proc/self/status; echo umask $(umask); " +
        "echo host $(hostname) domain $(cat /proc/sys/kernel/domainname); echo oom $(cat /proc/self/oom_score_adj); " +
        "cat /proc/self/limits; for s in kernel/shmmax kernel/msgmax net/ipv4/ip_forward; do echo $s $(cat /proc/sys/$s); done; " +
        "awk '{ split($0, a, \" - \"); split(a[1], f, \" \"); split(a[2], g, \" \"); print f[5], f[6], g[1], g[3] }' /proc/self/mountinfo | sort; " +
        "ls -l /dev | grep -v -e '^total' -e ' pts$' -e ' shm$' -e ' mqueue$' | sed 's/.*[0-9] //'; echo pid $$; exit 3";

    private static readonly Dictionary<string, Func<Oci.Spec, Oci.Spec>> Cases = new()
    {
        ["default"] = s => s,
        ["uid 1000"] = s => s with { Process = s.Process! with { User = new() { Uid = 1000, Gid = 1000 } } },
        ["groups and umask"] = s => s with { Process = s.Process! with { User = new() { Uid = 1000, Gid = 100, AdditionalGids = [5, 27, 1000], Umask = 0x3f } } },
        ["no capabilities"] = s => s with { Process = s.Process! with { Capabilities = new() { Bounding = [], Effective = [], Permitted = [] } } },
        ["many capabilities, uid 1000"] = s => s with
        {
            Process = s.Process! with
            {
                User = new() { Uid = 1000, Gid = 1000 },
                Capabilities = new()
                {
                    Bounding = [.. Bundle.DefaultCaps, "CAP_CHOWN", "CAP_SYS_ADMIN"],
                    Effective = ["CAP_CHOWN"], Permitted = ["CAP_CHOWN", "CAP_KILL"], Inheritable = ["CAP_KILL"], Ambient = ["CAP_KILL"],
                },
            },
        },
        ["capabilities not given"] = s => s with { Process = s.Process! with { Capabilities = null } },
        ["new privileges allowed"] = s => s with { Process = s.Process! with { NoNewPrivileges = false } },
        ["hostname"] = s => s with { Hostname = "box-1" },
        ["rlimits"] = s => s with
        {
            Process = s.Process! with
            {
                Rlimits =
                [
                    new() { Type = "RLIMIT_NOFILE", Soft = 100, Hard = 200 }, new() { Type = "RLIMIT_CORE", Soft = 0, Hard = ulong.MaxValue },
                    new() { Type = "RLIMIT_NPROC", Soft = 500, Hard = 600 }, new() { Type = "RLIMIT_STACK", Soft = 1 << 22, Hard = 1 << 23 },
                ],
            },
        },
        ["sysctls"] = s => s with { Linux = s.Linux! with { Sysctl = new() { ["kernel.shmmax"] = "65536", ["kernel.msgmax"] = "4096", ["net.ipv4.ip_forward"] = "1", ["kernel.domainname"] = "sysctl.example" } } },
        ["oom score"] = s => s with { Process = s.Process! with { OomScoreAdj = 500 } },
        ["writable root, no masks"] = s => s with { Root = s.Root! with { Readonly = false }, Linux = s.Linux! with { MaskedPaths = [], ReadonlyPaths = [] } },
        ["mounts"] = s => s with
        {
            Mounts =
            [
                .. s.Mounts!,
                new() { Destination = "/mnt/ro", Type = "bind", Source = "/etc", Options = ["rbind", "ro", "nosuid", "nodev"] },
                new() { Destination = "/mnt/tmp", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "noexec", "size=1m", "mode=700"] },
                new() { Destination = "/mnt/private", Type = "tmpfs", Source = "tmpfs", Options = ["rprivate", "noatime"] },
            ],
            Linux = s.Linux! with { RootfsPropagation = "private" },
        },
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Runc_and_the_shim_agree(string name)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", Probe], Cases[name]);
        var id = $"cmp-{name.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal)}-{Environment.ProcessId}";
        var runc = Runner.Runc(bundle.Dir, id);
        var shim = Runner.Shim(bundle.Dir, id);
        Assert.True(runc.ExitCode == 3, "runc: " + runc);
        Assert.Equal(runc.Stdout, shim.Stdout);
        Assert.Equal(runc.ExitCode, shim.ExitCode);
    }

    /// <summary>runc 1.1 ignores the domainname field (docs/runc-differences.md); the shim sets it.</summary>
    [Fact]
    public void Domainname_is_set_where_runc_1_1_ignores_it()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "cat /proc/sys/kernel/domainname"], s => s with { Domainname = "example.org" });
        var shim = Runner.Shim(bundle.Dir, $"cmp-domain-{Environment.ProcessId}");
        Assert.True(shim.ExitCode == 0, shim.ToString());
        Assert.Equal("example.org\n", shim.Stdout);
    }

    /// <summary>Exit codes: a plain status, a command that is missing or not executable, and death by a
    /// signal (no pid namespace, so the shell may kill itself) become the same runtime exit code.</summary>
    [Theory]
    [InlineData("exit 0")]
    [InlineData("exit 7")]
    [InlineData("exit 255")]
    [InlineData("kill -KILL $$")]
    [InlineData("kill -TERM $$")]
    [InlineData("kill -SEGV $$")]
    public void Exit_codes_agree(string script)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", script], Bundle.WithoutPidNamespace);
        var id = $"cmp-exit-{Math.Abs(script.GetHashCode() % 100000)}-{Environment.ProcessId}";
        var runc = Runner.Runc(bundle.Dir, id);
        var shim = Runner.Shim(bundle.Dir, id);
        Assert.Equal(runc.ExitCode, shim.ExitCode);
    }
}
