using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/utsname.h&gt;: the kernel release for init's first line (before /proc exists).</summary>
public static unsafe partial class UtsName
{
    /// <summary>struct utsname: six 65-byte fields (sysname, nodename, release, version, machine, domainname).</summary>
    public const int FieldLength = 65, Size = 6 * FieldLength;

    [LibraryImport("libc", EntryPoint = "uname", SetLastError = true)]
    public static partial int uname(byte* buf);

    /// <summary>The kernel release (<c>6.1.0-28-amd64</c>), or null when uname fails.</summary>
    public static string? Release()
    {
        var buf = stackalloc byte[Size];
        if (uname(buf) != 0) return null;
        return Marshal.PtrToStringUTF8((nint)(buf + 2 * FieldLength));
    }
}
