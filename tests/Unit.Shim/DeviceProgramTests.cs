using Linux.Native;
using Shim.Cgroups;
using Shim.Cgroups.Model;
using static Linux.Native.Bpf;

namespace Tests.UnitShim;

/// <summary>
/// Device rules -> BPF program: its shape, and what it decides, run by a small interpreter of the
/// instructions the compiler emits (an unknown instruction fails the test). The kernel's verdict on
/// real opens is the boot test's (CgroupBootTests).
/// </summary>
public sealed class DeviceProgramTests
{
    private const int R = BPF_DEVCG_ACC_READ, W = BPF_DEVCG_ACC_WRITE, M = BPF_DEVCG_ACC_MKNOD;
    private const int Char = BPF_DEVCG_DEV_CHAR, Block = BPF_DEVCG_DEV_BLOCK;

    [Fact]
    public void No_rules_is_a_prologue_that_denies()
    {
        var program = DeviceProgram.Build([]);
        Assert.Equal(8, program.Length);
        Assert.Equal(BPF_JMP | BPF_EXIT, program[^1].code);
        Assert.Equal(0, Run(program, Char, R, 1, 3));
    }

    [Fact]
    public void A_rule_is_one_compare_per_given_field_then_its_verdict()
    {
        // 6 prologue + (type, major, minor compares + 4 allow) + (no compares + 5 deny) + 2 default.
        var program = DeviceProgram.Build([new(false, 'a', null, null, 7), new(true, 'c', 1, 3, R | W)]);
        Assert.Equal(6 + 7 + 5 + 2, program.Length);
        Assert.Equal([(byte)(BPF_JMP32 | BPF_JNE), (byte)(BPF_JMP32 | BPF_JNE), (byte)(BPF_JMP32 | BPF_JNE)], program[6..9].Select(i => i.code));
        Assert.Equal([6, 5, 4], program[6..9].Select(i => (int)i.off)); // each mismatch skips to the next rule
        Assert.Equal([2, 4, 5], program[6..9].Select(i => i.dst));
        Assert.Equal([Char, 1, 3], program[6..9].Select(i => i.imm));
    }

    public static TheoryData<string, int, int, long, long, int> Cases() => new()
    {
        // deny all, allow null rw: reads and writes of null pass, mknod of it and anything else does not.
        { "deny-all,allow-null-rw", Char, R | W, 1, 3, 1 },
        { "deny-all,allow-null-rw", Char, M, 1, 3, 0 },
        { "deny-all,allow-null-rw", Char, R, 1, 5, 0 },
        { "deny-all,allow-null-rw", Block, R, 1, 3, 0 },
        // allow all, then deny writes to null: an O_RDWR open needs w and is refused; a read passes.
        { "allow-all,deny-null-w", Char, R | W, 1, 3, 0 },
        { "allow-all,deny-null-w", Char, R, 1, 3, 1 },
        { "allow-all,deny-null-w", Block, W, 8, 0, 1 },
        // two allows that only together cover rw.
        { "allow-null-r,allow-null-w", Char, R | W, 1, 3, 1 },
        { "allow-null-r,allow-null-w", Char, M, 1, 3, 0 },
        // a later allow overrides an earlier deny; wildcards match any number.
        { "deny-null-w,allow-char-any-rwm", Char, W, 1, 3, 1 },
        { "allow-char-any-rwm,deny-null-w", Char, W, 1, 3, 0 },
        { "allow-char-any-rwm,deny-null-w", Char, W, 4000000000, 4, 1 },
        { "allow-char-major-high", Char, R, 4000000000, 7, 1 },
        { "allow-char-major-high", Char, R, 4000000001, 7, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_as_a_v1_rule_list_would(string rules, int type, int access, long major, long minor, int verdict) =>
        Assert.Equal(verdict, Run(DeviceProgram.Build([.. rules.Split(',').Select(Named)]), type, access, (uint)major, (uint)minor));

    [Fact]
    public void Bundle_rules_come_first_then_nodes_then_defaults_except_those_named()
    {
        var resources = new Resources
        {
            Devices = [new() { Allow = false, Access = "rwm" }, new() { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "r" }],
        };
        var rules = DeviceRules.For(resources, [new Oci.Device { Type = "c", Path = "/dev/fuse", Major = 10, Minor = 229 }])!;
        Assert.Equal("deny a *:* rwm", rules[0].ToString());
        Assert.Equal("allow c 1:3 r", rules[1].ToString());
        Assert.Equal("allow c 10:229 rwm", rules[2].ToString());
        Assert.DoesNotContain(rules.Skip(2), r => r.Major == 1 && r.Minor == 3);
        var program = DeviceProgram.Build(rules);
        Assert.Equal(1, Run(program, Char, R, 1, 3));
        Assert.Equal(0, Run(program, Char, W, 1, 3));   // /dev/null taken away from writes
        Assert.Equal(1, Run(program, Char, R | W, 1, 5)); // /dev/zero by default
        Assert.Equal(1, Run(program, Char, R | W, 136, 2)); // pts
        Assert.Equal(0, Run(program, Block, R, 8, 0));
        Assert.Null(DeviceRules.For(new Resources(), null));
    }

    private static DeviceAccessRule Named(string name) => name switch
    {
        "deny-all" => new(false, 'a', null, null, R | W | M),
        "allow-all" => new(true, 'a', null, null, R | W | M),
        "allow-null-rw" => new(true, 'c', 1, 3, R | W),
        "allow-null-r" => new(true, 'c', 1, 3, R),
        "allow-null-w" => new(true, 'c', 1, 3, W),
        "deny-null-w" => new(false, 'c', 1, 3, W),
        "allow-char-any-rwm" => new(true, 'c', null, null, R | W | M),
        "allow-char-major-high" => new(true, 'c', 4000000000, 7, R),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Runs the program on one bpf_cgroup_dev_ctx; only the instructions DeviceProgram emits.</summary>
    private static int Run(bpf_insn[] program, int type, int access, uint major, uint minor)
    {
        var ctx = new uint[] { (uint)(access << 16 | type), major, minor };
        var r = new ulong[11];
        for (var pc = 0; pc < program.Length; pc++)
        {
            var i = program[pc];
            var imm = (uint)i.imm;
            switch (i.code)
            {
                case BPF_LDX | BPF_W | BPF_MEM: Assert.Equal(1, i.src); r[i.dst] = ctx[i.off / 4]; break;
                case BPF_ALU | BPF_AND | BPF_K: r[i.dst] = (uint)r[i.dst] & imm; break;
                case BPF_ALU | BPF_RSH | BPF_K: r[i.dst] = (uint)r[i.dst] >> (int)imm; break;
                case BPF_ALU | BPF_MOV | BPF_K: r[i.dst] = imm; break;
                case BPF_ALU | BPF_MOV | BPF_X: r[i.dst] = (uint)r[i.src]; break;
                case BPF_JMP32 | BPF_JNE | BPF_K: if ((uint)r[i.dst] != imm) pc += i.off; break;
                case BPF_JMP32 | BPF_JEQ | BPF_K: if ((uint)r[i.dst] == imm) pc += i.off; break;
                case BPF_JMP | BPF_EXIT: return (int)r[0];
                default: throw new InvalidOperationException($"instruction 0x{i.code:x2} at {pc} is not one the compiler emits");
            }
        }
        throw new InvalidOperationException("the program ran off its end");
    }
}
