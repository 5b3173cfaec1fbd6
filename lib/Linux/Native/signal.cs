using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;signal.h&gt; pieces Tmds.LibC lacks or that we need without its marshalling.</summary>
public static unsafe partial class Signal
{
    /// <summary>glibc's sigset_t is 1024 bits.</summary>
    public const int SigsetSize = 128;

    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGPIPE = 13,
        SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGPWR = 30;

    [LibraryImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc", EntryPoint = "sigfillset", SetLastError = true)]
    public static partial int sigfillset(void* set);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    /// <summary>Names for log lines: <c>SIGTERM</c>.</summary>
    public static string Name(int sig) => sig switch
    {
        SIGHUP => "SIGHUP", SIGINT => "SIGINT", SIGQUIT => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP",
        6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", SIGKILL => "SIGKILL", SIGUSR1 => "SIGUSR1",
        11 => "SIGSEGV", SIGUSR2 => "SIGUSR2", SIGPIPE => "SIGPIPE", SIGALRM => "SIGALRM",
        SIGTERM => "SIGTERM", SIGCHLD => "SIGCHLD", SIGCONT => "SIGCONT", SIGSTOP => "SIGSTOP",
        20 => "SIGTSTP", 21 => "SIGTTIN", 22 => "SIGTTOU", 24 => "SIGXCPU", 25 => "SIGXFSZ",
        31 => "SIGSYS", SIGPWR => "SIGPWR", _ => "SIG" + sig,
    };
}
