using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/module.h&gt;: finit_module (no glibc wrapper: raw syscall).</summary>
public static unsafe partial class Module
{
    public const int MODULE_INIT_IGNORE_MODVERSIONS = 1, MODULE_INIT_IGNORE_VERMAGIC = 2;

    /// <summary>Linux 6.4+ decompresses in the kernel; older kernels answer EINVAL.</summary>
    public const int MODULE_INIT_COMPRESSED_FILE = 4;

    private const long SYS_finit_module = 313;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_finit_module(long number, long fd, byte* paramValues, long flags);

    public static int finit_module(int fd, string paramValues, int flags)
    {
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(paramValues + "\0"))
            return (int)syscall_finit_module(SYS_finit_module, fd, p, flags);
    }
}
