using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/seccomp.h&gt;: seccomp(2), its filter flags, the values a filter returns and the
/// layout of <c>struct seccomp_data</c> that a filter reads. glibc 2.36 has no seccomp wrapper.</summary>
public static unsafe partial class Seccomp
{
    public const uint SECCOMP_SET_MODE_FILTER = 1;

    public const uint SECCOMP_FILTER_FLAG_TSYNC = 1, SECCOMP_FILTER_FLAG_LOG = 2, SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4,
        SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;

    public const uint SECCOMP_RET_KILL_PROCESS = 0x80000000, SECCOMP_RET_KILL_THREAD = 0, SECCOMP_RET_TRAP = 0x00030000,
        SECCOMP_RET_ERRNO = 0x00050000, SECCOMP_RET_USER_NOTIF = 0x7fc00000, SECCOMP_RET_TRACE = 0x7ff00000,
        SECCOMP_RET_LOG = 0x7ffc0000, SECCOMP_RET_ALLOW = 0x7fff0000, SECCOMP_RET_DATA = 0xffff;

    /// <summary>offsetof(struct seccomp_data, nr / arch / args): args[i] is a u64 at 16 + 8 i.</summary>
    public const uint SeccompDataNr = 0, SeccompDataArch = 4, SeccompDataArgs = 16;

    /// <summary>&lt;asm/unistd.h&gt;: x32 system calls are x86_64's audit arch with this bit in nr.</summary>
    public const uint __X32_SYSCALL_BIT = 0x40000000;

    private const long SYS_seccomp = 317;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall3(long number, ulong a, ulong b, void* c);

    /// <summary>Filters apply to the calling thread (every thread with TSYNC) and survive execve.</summary>
    public static int seccomp(uint operation, uint flags, void* args) => (int)syscall3(SYS_seccomp, operation, flags, args);
}
