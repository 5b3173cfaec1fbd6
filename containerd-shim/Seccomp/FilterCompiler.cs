using Linux.Native;
using static Linux.Native.Filter;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>
/// Compiles a <see cref="SeccompProfile"/> to the BPF program seccomp(2) loads:
/// <code>
///   A = arch; x86_64 -> its block; i386 (if listed) -> its block; anything else: kill the process
///   block:  A = nr; (x86_64: nr has the x32 bit -> the x32 block if listed, else kill)
///           system calls whose first rule has no condition, grouped by action: jeq nr -> ret action
///           system calls with conditions: jeq nr -> their body; ret defaultAction
///   body:   each rule in profile order: its conditions (all must hold) -> ret action; ret defaultAction
/// </code>
/// The first rule that matches decides (profile order), and rules with the default action for a call
/// without conditions are left out. Each argument is compared as two 32-bit halves, high first.
/// </summary>
internal static class FilterCompiler
{
    /// <summary>Unconditional calls per shared ret: keeps each jeq's jump within 8 bits.</summary>
    private const int GroupSize = 200;

    public static sock_filter[] Compile(SeccompProfile profile)
    {
        var bpf = new BpfBuilder();
        int x86_64 = bpf.NewLabel(), i386 = bpf.NewLabel(), x32 = bpf.NewLabel();
        bpf.Load(SeccompDataArch);
        bpf.Branch(BPF_JEQ, Audit.AUDIT_ARCH_X86_64, null, ifFalse: BpfBuilder.NextButOne);
        bpf.Jump(x86_64);
        if (profile.I386)
        {
            bpf.Branch(BPF_JEQ, Audit.AUDIT_ARCH_I386, null, ifFalse: BpfBuilder.NextButOne);
            bpf.Jump(i386);
        }
        bpf.Return(SECCOMP_RET_KILL_PROCESS);

        bpf.Place(x86_64);
        bpf.Load(SeccompDataNr);
        bpf.Branch(BPF_JGE, __X32_SYSCALL_BIT, null, ifFalse: BpfBuilder.NextButOne);
        if (profile.X32) bpf.Jump(x32);
        else bpf.Return(SECCOMP_RET_KILL_PROCESS);
        EmitBlock(bpf, profile, X86_64Syscalls.Numbers, 0);
        if (profile.X32)
        {
            bpf.Place(x32);
            EmitBlock(bpf, profile, X32Syscalls.Numbers, __X32_SYSCALL_BIT);
        }
        if (profile.I386)
        {
            bpf.Place(i386);
            bpf.Load(SeccompDataNr);
            EmitBlock(bpf, profile, I386Syscalls.Numbers, 0);
        }
        return bpf.Build();
    }

    private static void EmitBlock(BpfBuilder bpf, SeccompProfile profile, Dictionary<string, int> table, uint nrBase)
    {
        var (plain, conditional) = RulesByNumber(profile, table);
        foreach (var group in plain.GroupBy(p => p.Value).SelectMany(g => g.Select(p => p.Key).Chunk(GroupSize).Select(c => (Action: g.Key, Nrs: c))))
        {
            var ret = bpf.NewLabel();
            foreach (var nr in group.Nrs) bpf.Branch(BPF_JEQ, nrBase + (uint)nr, ret, null);
            var after = bpf.NewLabel();
            bpf.Jump(after);
            bpf.Place(ret);
            bpf.Return(group.Action);
            bpf.Place(after);
        }
        var bodies = conditional.Select(c => (Nr: c.Key, Rules: c.Value, Label: bpf.NewLabel())).ToList();
        foreach (var body in bodies)
        {
            bpf.Branch(BPF_JEQ, nrBase + (uint)body.Nr, null, ifFalse: BpfBuilder.NextButOne);
            bpf.Jump(body.Label);
        }
        bpf.Return(profile.DefaultAction);
        foreach (var body in bodies)
        {
            bpf.Place(body.Label);
            EmitBody(bpf, body.Rules, profile.DefaultAction);
        }
    }

    /// <summary>Per system call number, in profile order: the action of those whose first rule has
    /// no condition (when it is not the default), and the rule lists of the others.</summary>
    private static (Dictionary<int, uint> Plain, Dictionary<int, List<SyscallRule>> Conditional) RulesByNumber(
        SeccompProfile profile, Dictionary<string, int> table)
    {
        var rules = new Dictionary<int, List<SyscallRule>>();
        foreach (var rule in profile.Rules)
            foreach (var name in rule.Names)
                if (table.TryGetValue(name, out var nr))
                {
                    if (!rules.TryGetValue(nr, out var list)) rules[nr] = list = [];
                    if (!list.Contains(rule)) list.Add(rule);
                }
        var plain = new Dictionary<int, uint>();
        var conditional = new Dictionary<int, List<SyscallRule>>();
        foreach (var (nr, list) in rules.OrderBy(r => r.Key))
        {
            if (list[0].Conditions.Count > 0) conditional[nr] = list;
            else if (list[0].Action != profile.DefaultAction) plain[nr] = list[0].Action;
        }
        return (plain, conditional);
    }

    private static void EmitBody(BpfBuilder bpf, List<SyscallRule> rules, uint defaultAction)
    {
        foreach (var rule in rules)
        {
            var next = bpf.NewLabel();
            foreach (var condition in rule.Conditions) ArgCompare.Emit(bpf, condition, next);
            bpf.Return(rule.Action);
            bpf.Place(next);
            if (rule.Conditions.Count == 0) return;
        }
        bpf.Return(defaultAction);
    }
}
