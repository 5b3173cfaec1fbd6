using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/wait.h&gt;: waitid with the parts of siginfo_t a child's exit fills in.</summary>
public static unsafe partial class Wait
{
    public const int P_ALL = 0, P_PID = 1, P_PIDFD = 3;
    public const int WNOHANG = 0x1, WSTOPPED = 0x2, WEXITED = 0x4, WNOWAIT = 0x01000000;
    public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

    /// <summary>siginfo_t is 128 bytes; for SIGCHLD si_pid is at 16, si_uid at 20, si_status at 24.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct siginfo_t
    {
        [FieldOffset(0)] public int si_signo;
        [FieldOffset(4)] public int si_errno;
        [FieldOffset(8)] public int si_code;
        [FieldOffset(16)] public int si_pid;
        [FieldOffset(20)] public uint si_uid;
        [FieldOffset(24)] public int si_status;
    }

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    public static partial int waitid(int idtype, int id, siginfo_t* infop, int options);
}
