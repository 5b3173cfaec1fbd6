using Linux.Native;
using Shim.Seccomp;
using static Linux.Native.Seccomp;

namespace Tests.UnitShim;

/// <summary>The profile compiler: its program's shape, and the decision it makes for sample
/// seccomp_data, read by interpreting the program (the host tests load it into the kernel).</summary>
public sealed class SeccompCompilerTests
{
    private const uint X86_64 = Audit.AUDIT_ARCH_X86_64, I386 = Audit.AUDIT_ARCH_I386;
    private const uint Mkdir = 83, Write = 1, Kill = 62, MkdirI386 = 39;
    private static readonly uint EPERM = SECCOMP_RET_ERRNO | 1;

    private static Filter.sock_filter[] Compile(Oci.LinuxSeccomp profile) => FilterCompiler.Compile(SeccompProfile.Parse(profile));

    private static Oci.LinuxSeccomp DenyMkdir(params string[] arches) => new()
    {
        DefaultAction = "SCMP_ACT_ALLOW",
        Architectures = [.. arches],
        Syscalls = [new() { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO" }],
    };

    [Fact]
    public void The_program_checks_the_arch_first_and_ends_in_returns()
    {
        var program = Compile(DenyMkdir());
        Assert.Equal(Filter.BPF_LD | Filter.BPF_W | Filter.BPF_ABS, program[0].code);
        Assert.Equal(SeccompDataArch, program[0].k);
        Assert.Equal(Filter.BPF_RET | Filter.BPF_K, program[^1].code);
        Assert.True(program.Length < 30, $"{program.Length} instructions for one rule");
    }

    [Theory]
    [InlineData(X86_64, Mkdir, 0x00050001u)]
    [InlineData(X86_64, 258u, 0x00050001u)] // mkdirat
    [InlineData(X86_64, Write, SECCOMP_RET_ALLOW)]
    [InlineData(X86_64, Seccomp.__X32_SYSCALL_BIT + Write, SECCOMP_RET_KILL_PROCESS)]
    [InlineData(I386, MkdirI386, SECCOMP_RET_KILL_PROCESS)]
    [InlineData(0xdeadbeefu, Write, SECCOMP_RET_KILL_PROCESS)]
    public void Native_only_kills_other_architectures(uint arch, uint nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(Compile(DenyMkdir()), arch, nr));

    [Theory]
    [InlineData(I386, MkdirI386, 0x00050001u)]
    [InlineData(I386, 4u, SECCOMP_RET_ALLOW)] // write on i386
    [InlineData(X86_64, Seccomp.__X32_SYSCALL_BIT + Mkdir, 0x00050001u)]
    [InlineData(X86_64, Seccomp.__X32_SYSCALL_BIT + Write, SECCOMP_RET_ALLOW)]
    [InlineData(0xc00000b7u, Write, SECCOMP_RET_KILL_PROCESS)] // aarch64: listed, but no such caller here
    public void Listed_architectures_are_filtered_by_their_own_numbers(uint arch, uint nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(Compile(DenyMkdir("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64")), arch, nr));

    [Theory]
    [InlineData("SCMP_ACT_KILL", null, SECCOMP_RET_KILL_THREAD)]
    [InlineData("SCMP_ACT_KILL_THREAD", null, SECCOMP_RET_KILL_THREAD)]
    [InlineData("SCMP_ACT_KILL_PROCESS", null, SECCOMP_RET_KILL_PROCESS)]
    [InlineData("SCMP_ACT_TRAP", null, SECCOMP_RET_TRAP)]
    [InlineData("SCMP_ACT_ERRNO", null, SECCOMP_RET_ERRNO | 1)]
    [InlineData("SCMP_ACT_ERRNO", 28u, SECCOMP_RET_ERRNO | 28)]
    [InlineData("SCMP_ACT_ERRNO", 0u, SECCOMP_RET_ERRNO)]
    [InlineData("SCMP_ACT_TRACE", 7u, SECCOMP_RET_TRACE | 7)]
    [InlineData("SCMP_ACT_LOG", null, SECCOMP_RET_LOG)]
    public void Actions_and_errno_values(string action, uint? errnoRet, uint expected)
    {
        var program = Compile(new() { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new() { Names = ["mkdir"], Action = action, ErrnoRet = errnoRet }] });
        Assert.Equal(expected, BpfInterpreter.Run(program, X86_64, Mkdir));
        var inverse = Compile(new() { DefaultAction = action, DefaultErrnoRet = errnoRet, Syscalls = [new() { Names = ["write"], Action = "SCMP_ACT_ALLOW" }] });
        Assert.Equal(expected, BpfInterpreter.Run(inverse, X86_64, Mkdir));
        Assert.Equal(SECCOMP_RET_ALLOW, BpfInterpreter.Run(inverse, X86_64, Write));
    }

    private static readonly ulong[] Interesting =
        [0, 1, 2, 0x7fffffff, 0xfffffffe, 0xffffffff, 0x1_0000_0000, 0x1_0000_0001, 0x1_ffff_ffff, 0x2_0000_0000, 0xffffffff_00000000, ulong.MaxValue - 1, ulong.MaxValue];

    public static TheoryData<string, ulong> OpsAndValues()
    {
        var data = new TheoryData<string, ulong>();
        foreach (var op in new[] { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT" })
            foreach (var value in Interesting) data.Add(op, value);
        return data;
    }

    /// <summary>Every comparison against every interesting 64-bit value, for each argument slot's
    /// halves: the BPF decision equals the 64-bit unsigned comparison.</summary>
    [Theory]
    [MemberData(nameof(OpsAndValues))]
    public void Argument_comparisons_are_64_bit_unsigned(string op, ulong value)
    {
        for (uint index = 0; index < 6; index += 5)
        {
            var program = Compile(new()
            {
                DefaultAction = "SCMP_ACT_ALLOW",
                Syscalls = [new() { Names = ["kill"], Action = "SCMP_ACT_ERRNO", Args = [new() { Index = index, Op = op, Value = value }] }],
            });
            foreach (var arg in Interesting)
            {
                bool holds = op switch
                {
                    "SCMP_CMP_NE" => arg != value, "SCMP_CMP_LT" => arg < value, "SCMP_CMP_LE" => arg <= value,
                    "SCMP_CMP_EQ" => arg == value, "SCMP_CMP_GE" => arg >= value, _ => arg > value,
                };
                var args = new ulong[6];
                args[index] = arg;
                Assert.True((holds ? EPERM : SECCOMP_RET_ALLOW) == BpfInterpreter.Run(program, X86_64, Kill, args), $"arg{index} 0x{arg:x} {op} 0x{value:x}");
            }
        }
    }

    [Theory]
    [InlineData(0x800UL, 0x800UL)]
    [InlineData(0xffff_0000_0000_0800UL, 0x0001_0000_0000_0800UL)]
    public void Masked_equal_compares_both_halves(ulong mask, ulong want)
    {
        var program = Compile(new()
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new() { Names = ["chmod"], Action = "SCMP_ACT_ERRNO", Args = [new() { Index = 1, Op = "SCMP_CMP_MASKED_EQ", Value = mask, ValueTwo = want }] }],
        });
        foreach (var arg in Interesting.Concat([0x800UL, 0x4755UL, 0x0001_0000_0000_0800UL, 0x0001_0000_0000_0000UL]))
            Assert.True(((arg & mask) == want ? EPERM : SECCOMP_RET_ALLOW) == BpfInterpreter.Run(program, X86_64, 90, 0, arg), $"0x{arg:x}");
    }

    [Fact]
    public void Conditions_of_one_rule_all_hold_and_the_first_matching_rule_decides()
    {
        var program = Compile(new()
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            DefaultErrnoRet = 38,
            Syscalls =
            [
                new() { Names = ["kill"], Action = "SCMP_ACT_ALLOW", Args = [new() { Index = 0, Op = "SCMP_CMP_GT", Value = 1 }, new() { Index = 1, Op = "SCMP_CMP_EQ", Value = 15 }] },
                new() { Names = ["kill"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 3, Args = [new() { Index = 1, Op = "SCMP_CMP_EQ", Value = 15 }] },
                new() { Names = ["kill", "write"], Action = "SCMP_ACT_LOG" },
                new() { Names = ["kill"], Action = "SCMP_ACT_KILL" },
            ],
        });
        Assert.Equal(SECCOMP_RET_ALLOW, BpfInterpreter.Run(program, X86_64, Kill, 5, 15));
        Assert.Equal(SECCOMP_RET_ERRNO | 3, BpfInterpreter.Run(program, X86_64, Kill, 1, 15));
        Assert.Equal(SECCOMP_RET_LOG, BpfInterpreter.Run(program, X86_64, Kill, 5, 9));
        Assert.Equal(SECCOMP_RET_LOG, BpfInterpreter.Run(program, X86_64, Write));
        Assert.Equal(SECCOMP_RET_ERRNO | 38, BpfInterpreter.Run(program, X86_64, Mkdir));
    }

    /// <summary>Every x86_64 system call allowed by name: more calls than one 8-bit jump reaches.</summary>
    [Fact]
    public void A_large_allow_list_decides_every_call()
    {
        var program = Compile(new()
        {
            DefaultAction = "SCMP_ACT_KILL_PROCESS",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            Syscalls = [new() { Names = [.. X86_64Syscalls.Numbers.Keys.Where(n => n != "reboot")], Action = "SCMP_ACT_ALLOW" }],
        });
        Assert.InRange(program.Length, 400, Filter.BPF_MAXINSNS);
        foreach (var (name, nr) in X86_64Syscalls.Numbers)
            Assert.Equal(name == "reboot" ? SECCOMP_RET_KILL_PROCESS : SECCOMP_RET_ALLOW, BpfInterpreter.Run(program, X86_64, (uint)nr));
        Assert.Equal(SECCOMP_RET_KILL_PROCESS, BpfInterpreter.Run(program, X86_64, 1000));
        Assert.Equal(SECCOMP_RET_ALLOW, BpfInterpreter.Run(program, I386, 4));
    }
}
