using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/mount.h&gt; plus pivot_root (no glibc wrapper: raw syscall).</summary>
public static unsafe partial class Mount
{
    public const ulong MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8,
        MS_SYNCHRONOUS = 0x10, MS_REMOUNT = 0x20, MS_MANDLOCK = 0x40, MS_DIRSYNC = 0x80,
        MS_NOSYMFOLLOW = 0x100, MS_NOATIME = 0x400, MS_NODIRATIME = 0x800, MS_BIND = 0x1000,
        MS_MOVE = 0x2000, MS_REC = 0x4000, MS_SILENT = 0x8000, MS_UNBINDABLE = 0x20000,
        MS_PRIVATE = 0x40000, MS_SLAVE = 0x80000, MS_SHARED = 0x100000, MS_RELATIME = 0x200000,
        MS_STRICTATIME = 0x1000000, MS_LAZYTIME = 0x2000000;

    public const int MNT_FORCE = 1, MNT_DETACH = 2, MNT_EXPIRE = 4, UMOUNT_NOFOLLOW = 8;

    private const long SYS_pivot_root = 155;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string? source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_pivot_root(long number, byte* newRoot, byte* putOld);

    public static int pivot_root(string newRoot, string putOld)
    {
        fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(newRoot + "\0"))
        fixed (byte* o = System.Text.Encoding.UTF8.GetBytes(putOld + "\0"))
            return (int)syscall_pivot_root(SYS_pivot_root, n, o);
    }

    [LibraryImport("libc", EntryPoint = "chroot", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chroot(string path);
}
