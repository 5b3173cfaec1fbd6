using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/openat2.h&gt;: openat2(2) (Linux 5.6+, no glibc wrapper: raw syscall), which resolves
/// a path with the kernel's guarantees instead of ours (RESOLVE_IN_ROOT: "/" and ".." stop at dirfd).</summary>
public static unsafe partial class OpenAt2
{
    public const ulong RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04,
        RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10, RESOLVE_CACHED = 0x20;

    public const long SYS_openat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    public struct open_how
    {
        public ulong flags;
        public ulong mode;
        public ulong resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall4(long number, long dirfd, byte* path, open_how* how, nuint size);

    public static int openat2(int dirfd, string path, int flags, ulong resolve)
    {
        var how = new open_how { flags = (ulong)flags, resolve = resolve };
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            return (int)syscall4(SYS_openat2, dirfd, p, &how, (nuint)sizeof(open_how));
    }
}
