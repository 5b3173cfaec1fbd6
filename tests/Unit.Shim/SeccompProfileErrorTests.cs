using Linux;
using Shim.Config;

namespace Tests.UnitShim;

/// <summary>Every problem in linux.seccomp is named by its field, through the same config check stage 1
/// runs before it creates anything.</summary>
public sealed class SeccompProfileErrorTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("bundle-").FullName;

    public SeccompProfileErrorTests() => Directory.CreateDirectory(Path.Combine(_bundle, "rootfs"));

    public void Dispose() => Directory.Delete(_bundle, recursive: true);

    private static readonly Oci.SeccompSyscall Allow = new() { Names = ["read", "write"], Action = "SCMP_ACT_ALLOW" };

    public static TheoryData<string, Oci.LinuxSeccomp> Broken() => new()
    {
        { "linux.seccomp.defaultAction: missing", new() },
        { "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_MAYBE\"", new() { DefaultAction = "SCMP_ACT_MAYBE" } },
        { "linux.seccomp.defaultErrnoRet: 5: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return a value", new() { DefaultAction = "SCMP_ACT_ALLOW", DefaultErrnoRet = 5 } },
        { "linux.seccomp.defaultErrnoRet: 4096 is more than the largest errno, 4095", new() { DefaultAction = "SCMP_ACT_ERRNO", DefaultErrnoRet = 4096 } },
        { "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"", new() { DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_X86", "SCMP_ARCH_Z80"] } },
        { "linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\" (SECCOMP_FILTER_FLAG_TSYNC, _LOG or _SPEC_ALLOW)", new() { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["SECCOMP_FILTER_FLAG_FAST"] } },
        { "linux.seccomp.listenerPath: seccomp user notification is not supported by this runtime", new() { DefaultAction = "SCMP_ACT_ALLOW", ListenerPath = "/run/agent.sock" } },
        { "linux.seccomp.syscalls[0].names: missing or empty", new() { DefaultAction = "SCMP_ACT_ERRNO", Syscalls = [new() { Names = [], Action = "SCMP_ACT_ALLOW" }] } },
        { "linux.seccomp.syscalls[1].action: missing", new() { DefaultAction = "SCMP_ACT_ERRNO", Syscalls = [Allow, new() { Names = ["open"] }] } },
        { "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY: seccomp user notification is not supported by this runtime", new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = ["open"], Action = "SCMP_ACT_NOTIFY" }] } },
        { "linux.seccomp.syscalls[0].errnoRet: 1: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return a value", new() { DefaultAction = "SCMP_ACT_ERRNO", Syscalls = [Allow with { ErrnoRet = 1 }] } },
        { "linux.seccomp.syscalls[0].args[1].index: 6: a system call has arguments 0..5", new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = ["kill"], Action = "SCMP_ACT_ERRNO", Args = [new() { Index = 0, Op = "SCMP_CMP_EQ" }, new() { Index = 6, Op = "SCMP_CMP_EQ" }] }] } },
        { "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_ABOUT\" (SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT or _MASKED_EQ)", new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = ["kill"], Action = "SCMP_ACT_ERRNO", Args = [new() { Op = "SCMP_CMP_ABOUT" }] }] } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_profile_names_the_field(string message, Oci.LinuxSeccomp seccomp)
    {
        var spec = new Oci.Spec
        {
            Process = new Oci.Process { Args = ["/bin/true"] },
            Root = new Oci.Root { Path = "rootfs" },
            Linux = new Oci.LinuxSection { Seccomp = seccomp },
        };
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal(message, e.Error.ToString());
    }

    /// <summary>podman's and Docker's default profiles name calls of other architectures and newer
    /// kernels, in allow and deny rules: skipped, as runc skips them; the known names of a rule stay.</summary>
    [Theory]
    [InlineData("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW")]
    [InlineData("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO")]
    public void Unknown_names_are_skipped(string defaultAction, string action)
    {
        var seccomp = new Oci.LinuxSeccomp { DefaultAction = defaultAction, Syscalls = [Allow, new() { Names = ["open", "pciconfig_iobase", "close"], Action = action }] };
        var rule = Shim.Seccomp.SeccompProfile.Parse(seccomp).Rules[1];
        Assert.Equal(["open", "close"], rule.Names);
    }

    /// <summary>A filter that kills a call stage 2 makes after loading it would leave stage 2 half dead
    /// (its main thread killed, the others alive) and stage 1 waiting forever: refused up front.</summary>
    [Theory]
    [InlineData(true, "close_range", "SCMP_ACT_KILL", "close_range")]
    [InlineData(true, "execve", "SCMP_ACT_TRAP", "execve")]
    [InlineData(true, "setresuid", "SCMP_ACT_KILL", null)]
    [InlineData(false, "setresuid", "SCMP_ACT_KILL_PROCESS", "setresuid")]
    [InlineData(false, "close_range", "SCMP_ACT_ERRNO", null)]
    public void A_profile_that_kills_what_stage_2_calls_is_refused(bool noNewPrivileges, string call, string action, string? refused)
    {
        var spec = new Oci.Spec
        {
            Process = new Oci.Process { Args = ["/bin/true"], NoNewPrivileges = noNewPrivileges },
            Root = new Oci.Root { Path = "rootfs" },
            Linux = new Oci.LinuxSection { Seccomp = new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = [call], Action = action }] } },
        };
        if (refused is null)
        {
            Assert.NotNull(ContainerConfig.FromSpec(_bundle, spec).Seccomp);
            return;
        }
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal($"linux.seccomp: the profile kills \"{refused}\", which the shim calls after loading the filter and before the exec; allow it, or deny it with SCMP_ACT_ERRNO (docs/seccomp.md)", e.Error.ToString());
    }

    [Fact]
    public void Names_of_i386_only_calls_and_socketcall_operations_are_known()
    {
        var spec = new Oci.Spec
        {
            Process = new Oci.Process { Args = ["/bin/true"] },
            Root = new Oci.Root { Path = "rootfs" },
            Linux = new Oci.LinuxSection { Seccomp = new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = ["_llseek", "socketcall", "waitpid", "send", "recv"], Action = "SCMP_ACT_ERRNO" }] } },
        };
        Assert.NotNull(ContainerConfig.FromSpec(_bundle, spec).Seccomp);
    }
}
