using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/stat.h&gt; and &lt;sys/statfs.h&gt;: what init needs to copy a tree and tell filesystems apart.</summary>
public static unsafe partial class Stat
{
    public const long RAMFS_MAGIC = 0x858458f6, TMPFS_MAGIC = 0x01021994;

    public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFBLK = 0x6000,
        S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    /// <summary>x86_64 struct stat (144 bytes); only the fields init reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    public struct stat_t
    {
        [FieldOffset(0)] public ulong st_dev;
        [FieldOffset(8)] public ulong st_ino;
        [FieldOffset(16)] public ulong st_nlink;
        [FieldOffset(24)] public uint st_mode;
        [FieldOffset(28)] public uint st_uid;
        [FieldOffset(32)] public uint st_gid;
        [FieldOffset(40)] public ulong st_rdev;
        [FieldOffset(48)] public long st_size;
    }

    /// <summary>x86_64 struct statfs (120 bytes); f_type is the filesystem's magic.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    public struct statfs_t
    {
        [FieldOffset(0)] public long f_type;
        [FieldOffset(8)] public long f_bsize;
    }

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lstat(string path, stat_t* buf);

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statfs(string path, statfs_t* buf);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknodat(int dirfd, string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static partial int fstat(int fd, stat_t* buf);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);

    /// <summary>Declared in unistd.h; here because copying a tree (init's use) needs it with lstat and mknod.</summary>
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lchown(string path, uint owner, uint group);

    /// <summary>Declared in unistd.h; here for the same reason as lchown (hard links survive a tree copy).</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "umask")]
    public static partial uint umask(uint mask);
}
