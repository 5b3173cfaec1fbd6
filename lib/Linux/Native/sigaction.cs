using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>Signal dispositions before an execve: the .NET runtime ignores SIGPIPE and installs handlers
/// (some on the signals glibc keeps for itself, 32 and 33); execve resets handled signals but keeps
/// ignored ones ignored, so a process about to exec itself (the shim's stage 2) puts every signal back
/// to default and unblocks all of them. Raw rt_sigaction: glibc's wrappers refuse signals 32 and 33.</summary>
public static unsafe partial class Signal
{
    public const int SIG_SETMASK = 2;
    private const int NSIG = 64;
    private const long SYS_rt_sigaction = 13;

    /// <summary>The kernel's struct sigaction on x86_64 (not glibc's): handler, flags, restorer, mask.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct kernel_sigaction
    {
        public nint handler;
        public ulong flags;
        public nint restorer;
        public ulong mask;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_rt_sigaction(long number, long sig, kernel_sigaction* act, kernel_sigaction* oldact, long sigsetsize);

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    public static partial int sigprocmask(int how, void* set, void* oldset);

    /// <summary>SIG_DFL for a signal that is ignored (SIG_IGN), and nothing else: an ignored signal
    /// inherited through execve stays ignored, and .NET's PosixSignalRegistration then never installs its
    /// handler for it. A handler already installed (the runtime's own, for SIGINT and SIGQUIT) is kept:
    /// replacing it would leave the signal at its default, deadly action. True when it was reset.</summary>
    public static bool UnignoreSignal(int sig)
    {
        const nint SIG_IGN = 1;
        var old = new kernel_sigaction();
        if (syscall_rt_sigaction(SYS_rt_sigaction, sig, null, &old, 8) < 0 || old.handler != SIG_IGN) return false;
        var act = new kernel_sigaction();
        return syscall_rt_sigaction(SYS_rt_sigaction, sig, &act, null, 8) == 0;
    }

    /// <summary>SIG_DFL for every catchable signal and an empty mask for the calling thread.</summary>
    public static void ResetAllToDefault()
    {
        var act = new kernel_sigaction();
        for (var sig = 1; sig <= NSIG; sig++)
        {
            if (sig is SIGKILL or SIGSTOP) continue;
            syscall_rt_sigaction(SYS_rt_sigaction, sig, &act, null, 8);
        }
        var set = stackalloc byte[SigsetSize];
        sigemptyset(set);
        sigprocmask(SIG_SETMASK, set, null);
    }
}
