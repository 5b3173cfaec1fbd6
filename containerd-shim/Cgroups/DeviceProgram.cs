using static Linux.Native.Bpf;

namespace Shim.Cgroups;

/// <summary>
/// Compiles device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program. The kernel calls it for every
/// open and mknod of a device node with (type, access, major, minor); 1 allows, 0 gives EPERM.
/// <para>
/// The rules are checked from last to first, so a later rule overrides an earlier one, with the
/// requested access bits in r3 as what is still needed: a matching allow rule clears the bits it
/// grants and allows once nothing is left; a matching deny rule refuses when it takes away a bit
/// still needed. What no rule settles is denied. This is cgroup v1's reading of a rule list
/// (allow rw after allow r grants rw; deny w after allow all refuses an O_RDWR open).
/// </para>
/// Registers: r2 device type, r3 access still needed, r4 major, r5 minor; r1 is scratch once read.
/// </summary>
internal static class DeviceProgram
{
    private const byte LoadWord = BPF_LDX | BPF_W | BPF_MEM;
    private const byte And32 = BPF_ALU | BPF_AND | BPF_K;
    private const byte Rsh32 = BPF_ALU | BPF_RSH | BPF_K;
    private const byte MovImm32 = BPF_ALU | BPF_MOV | BPF_K;
    private const byte MovReg32 = BPF_ALU | BPF_MOV | BPF_X;
    private const byte JneImm32 = BPF_JMP32 | BPF_JNE | BPF_K;
    private const byte JeqImm32 = BPF_JMP32 | BPF_JEQ | BPF_K;
    private const byte Exit = BPF_JMP | BPF_EXIT;

    public static bpf_insn[] Build(IReadOnlyList<DeviceAccessRule> rules)
    {
        var program = new List<bpf_insn>
        {
            bpf_insn.Make(LoadWord, 2, 1, 0, 0),
            bpf_insn.Make(And32, 2, 0, 0, 0xffff),
            bpf_insn.Make(LoadWord, 3, 1, 0, 0),
            bpf_insn.Make(Rsh32, 3, 0, 0, 16),
            bpf_insn.Make(LoadWord, 4, 1, 4, 0),
            bpf_insn.Make(LoadWord, 5, 1, 8, 0),
        };
        for (var i = rules.Count - 1; i >= 0; i--) program.AddRange(Block(rules[i]));
        program.Add(bpf_insn.Make(MovImm32, 0, 0, 0, 0));
        program.Add(bpf_insn.Make(Exit, 0, 0, 0, 0));
        return [.. program];
    }

    /// <summary>One rule: compares that skip to the next rule on a mismatch, then its verdict.</summary>
    private static List<bpf_insn> Block(DeviceAccessRule rule)
    {
        var checks = new List<(int Register, int Value)>();
        if (rule.Type != 'a') checks.Add((2, rule.Type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
        if (rule.Major is { } major) checks.Add((4, unchecked((int)(uint)major)));
        if (rule.Minor is { } minor) checks.Add((5, unchecked((int)(uint)minor)));
        var verdict = rule.Allow
            ? new[]
            {
                bpf_insn.Make(And32, 3, 0, 0, ~rule.Access & DeviceAccessRule.All),
                bpf_insn.Make(JneImm32, 3, 0, 2, 0),
                bpf_insn.Make(MovImm32, 0, 0, 0, 1),
                bpf_insn.Make(Exit, 0, 0, 0, 0),
            }
            : new[]
            {
                bpf_insn.Make(MovReg32, 1, 3, 0, 0),
                bpf_insn.Make(And32, 1, 0, 0, rule.Access),
                bpf_insn.Make(JeqImm32, 1, 0, 2, 0),
                bpf_insn.Make(MovImm32, 0, 0, 0, 0),
                bpf_insn.Make(Exit, 0, 0, 0, 0),
            };
        var block = new List<bpf_insn>();
        for (var i = 0; i < checks.Count; i++)
        {
            var skip = (short)(checks.Count - i - 1 + verdict.Length);
            block.Add(bpf_insn.Make(JneImm32, checks[i].Register, 0, skip, checks[i].Value));
        }
        block.AddRange(verdict);
        return block;
    }
}
