using Shim.Config;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>
/// linux.seccomp, checked field by field before anything is created: actions, errno values, flags,
/// architectures, system call names and argument conditions. A name that no x86 table knows is skipped,
/// as runc and crun skip it: the engines' default profiles list calls of other architectures and newer
/// kernels (podman's denies pciconfig_iobase), and such a name matches no call this kernel has.
/// </summary>
internal sealed record SeccompProfile(uint DefaultAction, uint Flags, bool I386, bool X32, IReadOnlyList<SyscallRule> Rules)
{
    private const string Field = "linux.seccomp";

    public static SeccompProfile Parse(Oci.LinuxSeccomp seccomp)
    {
        if (!string.IsNullOrEmpty(seccomp.ListenerPath))
            throw FieldError.At($"{Field}.listenerPath", "seccomp user notification is not supported by this runtime");
        var defaultAction = SeccompActions.Parse(seccomp.DefaultAction, seccomp.DefaultErrnoRet, $"{Field}.defaultAction", $"{Field}.defaultErrnoRet");
        var (i386, x32) = SeccompArchitectures.Parse(seccomp.Architectures, $"{Field}.architectures");
        var rules = new List<SyscallRule>();
        var syscalls = seccomp.Syscalls ?? [];
        for (var i = 0; i < syscalls.Count; i++)
            rules.Add(ParseRule(syscalls[i] ?? throw FieldError.At($"{Field}.syscalls[{i}]", "null"), $"{Field}.syscalls[{i}]"));
        return new SeccompProfile(defaultAction, ParseFlags(seccomp.Flags), i386, x32, rules);
    }

    private static SyscallRule ParseRule(Oci.SeccompSyscall syscall, string field)
    {
        if (syscall.Names is not { Count: > 0 } names) throw FieldError.At($"{field}.names", "missing or empty");
        var action = SeccompActions.Parse(syscall.Action, syscall.ErrnoRet, $"{field}.action", $"{field}.errnoRet");
        names = [.. names.Where(SyscallNames.IsKnown)];
        var args = syscall.Args ?? [];
        var conditions = new List<ArgCondition>(args.Count);
        for (var j = 0; j < args.Count; j++)
            conditions.Add(ParseArg(args[j] ?? throw FieldError.At($"{field}.args[{j}]", "null"), $"{field}.args[{j}]"));
        return new SyscallRule(names, action, conditions);
    }

    private static ArgCondition ParseArg(Oci.SeccompArg arg, string field)
    {
        if (arg.Index > 5) throw FieldError.At($"{field}.index", $"{arg.Index}: a system call has arguments 0..5");
        var op = arg.Op switch
        {
            "SCMP_CMP_NE" => ArgOp.NotEqual,
            "SCMP_CMP_LT" => ArgOp.Less,
            "SCMP_CMP_LE" => ArgOp.LessOrEqual,
            "SCMP_CMP_EQ" => ArgOp.Equal,
            "SCMP_CMP_GE" => ArgOp.GreaterOrEqual,
            "SCMP_CMP_GT" => ArgOp.Greater,
            "SCMP_CMP_MASKED_EQ" => ArgOp.MaskedEqual,
            null or "" => throw FieldError.At($"{field}.op", "missing"),
            _ => throw FieldError.At($"{field}.op", $"unknown operator \"{arg.Op}\" (SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT or _MASKED_EQ)"),
        };
        return new ArgCondition((int)arg.Index, op, arg.Value, arg.ValueTwo);
    }

    private static uint ParseFlags(IReadOnlyList<string>? flags)
    {
        uint result = 0;
        for (var i = 0; i < (flags?.Count ?? 0); i++)
        {
            result |= flags![i] switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => SECCOMP_FILTER_FLAG_TSYNC,
                "SECCOMP_FILTER_FLAG_LOG" => SECCOMP_FILTER_FLAG_LOG,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => SECCOMP_FILTER_FLAG_SPEC_ALLOW,
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => throw FieldError.At($"{Field}.flags[{i}]", "only applies to user notification, which this runtime does not support"),
                _ => throw FieldError.At($"{Field}.flags[{i}]", $"unknown flag \"{flags[i]}\" (SECCOMP_FILTER_FLAG_TSYNC, _LOG or _SPEC_ALLOW)"),
            };
        }
        return result;
    }
}
