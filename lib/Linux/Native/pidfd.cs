using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/pidfd.h&gt; (glibc 2.36+, kernel 5.3+): a process as an fd that polls readable once it has exited.</summary>
public static partial class Pidfd
{
    [LibraryImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);
}
