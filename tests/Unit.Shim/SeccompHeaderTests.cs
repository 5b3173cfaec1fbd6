using System.Diagnostics;
using Linux.Native;
using Shim.Seccomp;

namespace Tests.UnitShim;

/// <summary>The system call tables and the seccomp/BPF constants against the kernel's C headers
/// (linux-libc-dev), compiled with gcc: every name of each table, not a sample.</summary>
public sealed class SeccompHeaderTests
{
    [Theory]
    [InlineData("asm/unistd_64.h", "x86_64")]
    [InlineData("asm/unistd_32.h", "i386")]
    [InlineData("asm/unistd_x32.h", "x32")]
    public void Syscall_numbers_match_the_headers(string header, string arch)
    {
        var table = arch switch { "x86_64" => X86_64Syscalls.Numbers, "i386" => I386Syscalls.Numbers, _ => X32Syscalls.Numbers };
        // unistd_x32.h adds __X32_SYSCALL_BIT, which asm/unistd.h would define; define it as 0 to get the table's numbers.
        var fromC = CProbe.Print(["#define __X32_SYSCALL_BIT 0", $"#include <{header}>"], table.Keys.Select(n => "__NR_" + n));
        foreach (var (name, nr) in table) Assert.True((ulong)nr == fromC["__NR_" + name], $"{arch} {name}: {nr}, header {fromC["__NR_" + name]}");
        var all = File.ReadLines("/usr/include/x86_64-linux-gnu/" + header).Count(l => l.StartsWith("#define __NR_", StringComparison.Ordinal));
        Assert.Equal(all, table.Count);
    }

    public static TheoryData<string, ulong> Constants() => new()
    {
        { "SECCOMP_SET_MODE_FILTER", Seccomp.SECCOMP_SET_MODE_FILTER }, { "SECCOMP_FILTER_FLAG_TSYNC", Seccomp.SECCOMP_FILTER_FLAG_TSYNC },
        { "SECCOMP_FILTER_FLAG_LOG", Seccomp.SECCOMP_FILTER_FLAG_LOG }, { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", Seccomp.SECCOMP_FILTER_FLAG_SPEC_ALLOW },
        { "SECCOMP_FILTER_FLAG_NEW_LISTENER", Seccomp.SECCOMP_FILTER_FLAG_NEW_LISTENER },
        { "SECCOMP_RET_KILL_PROCESS", Seccomp.SECCOMP_RET_KILL_PROCESS }, { "SECCOMP_RET_KILL_THREAD", Seccomp.SECCOMP_RET_KILL_THREAD },
        { "SECCOMP_RET_TRAP", Seccomp.SECCOMP_RET_TRAP }, { "SECCOMP_RET_ERRNO", Seccomp.SECCOMP_RET_ERRNO },
        { "SECCOMP_RET_USER_NOTIF", Seccomp.SECCOMP_RET_USER_NOTIF }, { "SECCOMP_RET_TRACE", Seccomp.SECCOMP_RET_TRACE },
        { "SECCOMP_RET_LOG", Seccomp.SECCOMP_RET_LOG }, { "SECCOMP_RET_ALLOW", Seccomp.SECCOMP_RET_ALLOW }, { "SECCOMP_RET_DATA", Seccomp.SECCOMP_RET_DATA },
        { "offsetof(struct seccomp_data, nr)", Seccomp.SeccompDataNr }, { "offsetof(struct seccomp_data, arch)", Seccomp.SeccompDataArch },
        { "offsetof(struct seccomp_data, args)", Seccomp.SeccompDataArgs }, { "__X32_SYSCALL_BIT", Seccomp.__X32_SYSCALL_BIT },
        { "SYS_seccomp", 317 }, { "AUDIT_ARCH_X86_64", Audit.AUDIT_ARCH_X86_64 }, { "AUDIT_ARCH_I386", Audit.AUDIT_ARCH_I386 },
        { "BPF_LD", Filter.BPF_LD }, { "BPF_ALU", Filter.BPF_ALU }, { "BPF_JMP", Filter.BPF_JMP }, { "BPF_RET", Filter.BPF_RET },
        { "BPF_W", Filter.BPF_W }, { "BPF_ABS", Filter.BPF_ABS }, { "BPF_K", Filter.BPF_K }, { "BPF_AND", Filter.BPF_AND },
        { "BPF_JA", Filter.BPF_JA }, { "BPF_JEQ", Filter.BPF_JEQ }, { "BPF_JGT", Filter.BPF_JGT }, { "BPF_JGE", Filter.BPF_JGE },
        { "BPF_JSET", Filter.BPF_JSET }, { "BPF_MAXINSNS", Filter.BPF_MAXINSNS },
        { "sizeof(struct sock_filter)", (ulong)System.Runtime.CompilerServices.Unsafe.SizeOf<Filter.sock_filter>() },
        { "sizeof(struct sock_fprog)", (ulong)System.Runtime.CompilerServices.Unsafe.SizeOf<Filter.sock_fprog>() },
    };

    private static readonly Lazy<Dictionary<string, ulong>> FromC = new(() => CProbe.Print(
        ["#include <stddef.h>", "#include <sys/syscall.h>", "#include <asm/unistd.h>", "#include <linux/audit.h>", "#include <linux/filter.h>", "#include <linux/seccomp.h>"],
        Constants().Select(row => (string)row[0])));

    [Theory]
    [MemberData(nameof(Constants))]
    public void Constants_match_the_headers(string name, ulong value) => Assert.Equal(FromC.Value[name], value);
}
