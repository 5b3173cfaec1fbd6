using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;unistd.h&gt; (mknod and umask are in stat.cs) and makedev from &lt;sys/sysmacros.h&gt;.
/// glibc's set*id wrappers apply the change to every thread of the process (POSIX semantics).</summary>
public static unsafe partial class Unistd
{
    public const uint CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;

    private const long SYS_close_range = 436;

    public const long SYS_setgroups = 116, SYS_setresuid = 117, SYS_setresgid = 119;

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    public static partial int setresuid(uint ruid, uint euid, uint suid);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    public static partial int setresgid(uint rgid, uint egid, uint sgid);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    public static partial int setgroups(nuint size, uint* list);

    [LibraryImport("libc", EntryPoint = "sethostname", SetLastError = true)]
    public static partial int sethostname(byte* name, nuint len);

    [LibraryImport("libc", EntryPoint = "setdomainname", SetLastError = true)]
    public static partial int setdomainname(byte* name, nuint len);

    [LibraryImport("libc", EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chdir(string path);

    [LibraryImport("libc", EntryPoint = "fchdir", SetLastError = true)]
    public static partial int fchdir(int fd);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirfd, string path, byte* buf, nuint size);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlinkat(string target, int dirfd, string linkPath);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchownat(int dirfd, string path, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "getpid")]
    public static partial int getpid();

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall3(long number, ulong a, ulong b, ulong c);

    /// <summary>Raw syscall: glibc 2.36 has the wrapper, but older ones do not.</summary>
    public static int close_range(uint first, uint last, uint flags) =>
        (int)syscall3(SYS_close_range, first, last, flags);

    /// <summary>The raw system calls behind glibc's set*id wrappers: they change the calling thread's
    /// credentials only. The wrappers signal every other thread (SIGSETXID) and wait until each has run
    /// the handler, a scheduler round trip per call and per thread (0.15 ms each in a NativeAOT stage 2
    /// with its finalizer thread, measured with perf trace; more on a loaded machine). For a thread that
    /// is about to execve, which ends the others, the rest of the process need not follow.</summary>
    public static int sys_setresuid(uint ruid, uint euid, uint suid) => (int)syscall3(SYS_setresuid, ruid, euid, suid);

    public static int sys_setresgid(uint rgid, uint egid, uint sgid) => (int)syscall3(SYS_setresgid, rgid, egid, sgid);

    public static int sys_setgroups(nuint size, uint* list) => (int)syscall3(SYS_setgroups, size, (ulong)list, 0);

    /// <summary>glibc's makedev encoding of a device number.</summary>
    public static ulong makedev(ulong major, ulong minor) =>
        ((major & 0xfffff000UL) << 32) | ((major & 0xfffUL) << 8) | ((minor & 0xffffff00UL) << 12) | (minor & 0xffUL);
}
