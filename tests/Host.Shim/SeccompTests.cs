namespace Tests.HostShim;

/// <summary>linux.seccomp loaded into the kernel: busybox in a container meets the profile, and runc on
/// the same bundle gives the container the same errors, output and exit status.</summary>
public sealed class SeccompTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    private static readonly string[] MkdirCalls = ["mkdir", "mkdirat"];

    private RunResult BothAgree(Bundle bundle, string id)
    {
        var runc = Runner.Runc(bundle.Dir, id + "-runc");
        var shim = Runner.Shim(bundle.Dir, id);
        Assert.True(runc.ExitCode == shim.ExitCode, $"runc: {runc}\nshim: {shim}");
        Assert.Equal(runc.Stdout, shim.Stdout);
        Assert.Equal(runc.Stderr, shim.Stderr);
        return shim;
    }

    [Fact]
    public void A_denied_mkdir_fails_with_EPERM()
    {
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["sh", "-c", "mkdir /dev/shm/d; echo mkdir $?; touch /dev/shm/f && echo touch ok; grep Seccomp: /proc/self/status"], SeccompBundle.Deny(MkdirCalls));
        var result = BothAgree(bundle, "sc-eperm");
        Assert.Equal("mkdir 1\ntouch ok\nSeccomp:\t2\n", result.Stdout);
        Assert.Equal("mkdir: can't create directory '/dev/shm/d': Operation not permitted\n", result.Stderr);
    }

    [Fact]
    public void A_denied_mkdir_fails_with_the_profiles_errno()
    {
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["mkdir", "/dev/shm/d"], SeccompBundle.Deny(MkdirCalls, errno: 28));
        var result = BothAgree(bundle, "sc-errno");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("mkdir: can't create directory '/dev/shm/d': No space left on device\n", result.Stderr);
    }

    /// <summary>SCMP_CMP_MASKED_EQ on chmod's mode (no set-uid bit) and SCMP_CMP_EQ/GE on kill's signal.</summary>
    [Fact]
    public void Argument_rules_decide_by_value()
    {
        const string profile = """
            {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
              {"names":["chmod"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":2048,"valueTwo":2048,"op":"SCMP_CMP_MASKED_EQ"}]},
              {"names":["fchmodat"],"action":"SCMP_ACT_ERRNO","args":[{"index":2,"value":2048,"valueTwo":2048,"op":"SCMP_CMP_MASKED_EQ"}]},
              {"names":["kill"],"action":"SCMP_ACT_ERRNO","errnoRet":22,"args":[{"index":1,"value":10,"op":"SCMP_CMP_EQ"}]},
              {"names":["kill"],"action":"SCMP_ACT_ERRNO","errnoRet":3,"args":[{"index":1,"value":30,"op":"SCMP_CMP_GE"},{"index":0,"value":1,"op":"SCMP_CMP_LE"}]}]}
            """;
        const string script = "touch /dev/shm/f; chmod 755 /dev/shm/f && echo plain; chmod 4755 /dev/shm/f || echo setuid refused; " +
            "kill -0 1 && echo zero; kill -USR1 1 || echo usr1 refused; kill -PWR 1 || echo pwr refused; exit 4";
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["sh", "-c", script], profile);
        var result = BothAgree(bundle, "sc-args");
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("plain\nsetuid refused\nzero\nusr1 refused\npwr refused\n", result.Stdout);
        Assert.Contains("Operation not permitted", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Invalid argument", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("No such process", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kill_action_ends_the_process_with_SIGSYS()
    {
        const string profile = """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_KILL_PROCESS"}]}""";
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["mkdir", "/dev/shm/d"], profile);
        var result = BothAgree(bundle, "sc-kill");
        Assert.Equal(128 + 31, result.ExitCode);
    }

    private const string Workload =
        "echo hello; ls / >/dev/null && echo ls; mkdir -p /dev/shm/a/b && echo made; cat /etc/passwd | sort | head -1; " +
        "(sleep 0; echo subshell) ; linux32 uname -m; date +%Y >/dev/null && echo date; id -u; " +
        "unshare -U true 2>/dev/null || echo unshare refused; grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status; exit 7";

    public static TheoryData<uint, bool> Users() => new() { { 0, true }, { 1000, true }, { 0, false }, { 1000, false } };

    /// <summary>A default-like profile (deny unless allowed, argument rules for personality, clone and
    /// socket) lets busybox sh work, with and without no_new_privs (the filter then goes in before the
    /// user switch, while CAP_SYS_ADMIN is held).</summary>
    [Theory]
    [MemberData(nameof(Users))]
    public void A_default_like_profile_runs_busybox_sh(uint uid, bool noNewPrivileges)
    {
        var profile = File.ReadAllText(SeccompBundle.ProfilePath("default-like.json"));
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["sh", "-c", Workload], profile, s => s with
        {
            Process = s.Process! with { User = new Oci.User { Uid = uid, Gid = uid }, NoNewPrivileges = noNewPrivileges },
        });
        var result = BothAgree(bundle, $"sc-default-{uid}-{noNewPrivileges}");
        Assert.Equal(7, result.ExitCode);
        var nnp = noNewPrivileges ? 1 : 0;
        Assert.Equal($"hello\nls\nmade\nnobody:x:65534:65534:nobody:/:/bin/false\nsubshell\ni686\ndate\n{uid}\nunshare refused\nNoNewPrivs:\t{nnp}\nSeccomp:\t2\n", result.Stdout);
    }

    /// <summary>An allow list that forgets a call the shim makes after loading the filter is refused with
    /// the call named, rather than killing stage 2's main thread and leaving the container half made.</summary>
    [Fact]
    public void A_kill_default_missing_a_call_the_shim_needs_is_refused_up_front()
    {
        var profile = File.ReadAllText(SeccompBundle.ProfilePath("default-like.json"))
            .Replace("\"defaultAction\": \"SCMP_ACT_ERRNO\"", "\"defaultAction\": \"SCMP_ACT_KILL\"", StringComparison.Ordinal)
            .Replace("\"defaultErrnoRet\": 1,", "", StringComparison.Ordinal)
            .Replace("\"close_range\", ", "", StringComparison.Ordinal);
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["echo", "ran"], profile);
        var result = Runner.Shim(bundle.Dir, "sc-guard");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.EndsWith("/config.json: linux.seccomp: the profile kills \"close_range\", which the shim calls after loading the filter and before the exec; allow it, or deny it with SCMP_ACT_ERRNO (docs/seccomp.md)\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    /// <summary>podman's default profile names calls this kernel lacks (pciconfig_iobase): skipped, as
    /// runc skips them, and the known names of the same rule are still denied.</summary>
    [Fact]
    public void An_unknown_syscall_name_is_skipped_and_the_rest_of_its_rule_holds()
    {
        using var bundle = SeccompBundle.Create(fixture.Rootfs, ["mkdir", "/dev/shm/d"], SeccompBundle.Deny([.. MkdirCalls, "pciconfig_iobase"]));
        var result = BothAgree(bundle, "sc-unknown");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("mkdir: can't create directory '/dev/shm/d': Operation not permitted\n", result.Stderr);
    }
}
