using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>Signal dispositions before an execve: the .NET runtime ignores SIGPIPE and installs handlers;
/// execve resets handled signals but keeps ignored ones ignored, so a process about to exec itself
/// (the shim's stage 2) puts every signal back to default and unblocks all of them.</summary>
public static unsafe partial class Signal
{
    public const int SIG_SETMASK = 2;
    private const int NSIG = 65;

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint signal(int sig, nint handler);

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    public static partial int sigprocmask(int how, void* set, void* oldset);

    /// <summary>SIG_DFL for every catchable signal and an empty mask for the calling thread.</summary>
    public static void ResetAllToDefault()
    {
        for (var sig = 1; sig < NSIG; sig++)
        {
            if (sig is SIGKILL or SIGSTOP) continue;
            signal(sig, 0); // EINVAL for the glibc-reserved 32/33 is expected and harmless
        }
        var set = stackalloc byte[SigsetSize];
        sigemptyset(set);
        sigprocmask(SIG_SETMASK, set, null);
    }
}
