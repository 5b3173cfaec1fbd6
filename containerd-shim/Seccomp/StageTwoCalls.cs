using Linux.Native;
using Shim.Config;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>
/// The system calls stage 2 itself makes between loading the filter and the exec (strace of stage 2,
/// plus the memory calls the .NET runtime may make at any time). A filter that kills or traps one of
/// them would kill stage 2's main thread while its other threads live on: the container would never
/// start and stage 1 would wait forever. Checked in stage 1, with zero arguments, so such a profile is
/// refused with the call named instead. Denying them with an errno is allowed (stage 2 reports it).
/// </summary>
internal static class StageTwoCalls
{
    private static readonly string[] BeforeExec =
    [
        "stat", "lstat", "newfstatat", "statx", "umask", "rt_sigaction", "rt_sigprocmask", "close_range", "execve",
        "mmap", "munmap", "mprotect", "madvise", "brk", "futex",
    ];

    /// <summary>Without no_new_privs the filter goes in before the user switch (glibc's set*id calls
    /// signal every thread to switch too, hence getpid, tgkill and futex).</summary>
    private static readonly string[] BeforeUserSwitch =
        [.. BeforeExec, "setgroups", "setresgid", "setresuid", "prctl", "capget", "capset", "chdir", "getpid", "tgkill"];

    public static void Check(Filter.sock_filter[] program, bool noNewPrivileges)
    {
        foreach (var name in noNewPrivileges ? BeforeExec : BeforeUserSwitch)
        {
            var action = BpfInterpreter.Run(program, Audit.AUDIT_ARCH_X86_64, (uint)X86_64Syscalls.Numbers[name]) & 0xffff0000;
            if (action is SECCOMP_RET_KILL_THREAD or SECCOMP_RET_KILL_PROCESS or SECCOMP_RET_TRAP)
                throw FieldError.At("linux.seccomp", $"the profile kills \"{name}\", which the shim calls after loading the filter and before the exec; allow it, or deny it with SCMP_ACT_ERRNO (docs/seccomp.md)");
        }
    }
}
