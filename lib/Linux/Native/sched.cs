using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sched.h&gt;: namespaces. unshare and setns act on the calling thread only in a
/// multi-threaded process (docs/facts.md), which is why the shim calls them on a throwaway thread.</summary>
public static partial class Sched
{
    public const int CLONE_FS = 0x200, CLONE_NEWTIME = 0x80, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x2000000,
        CLONE_NEWUTS = 0x4000000, CLONE_NEWIPC = 0x8000000, CLONE_NEWUSER = 0x10000000,
        CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int setns(int fd, int nstype);
}
