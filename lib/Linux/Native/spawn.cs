using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;spawn.h&gt; from glibc. The attr and file-action objects are opaque; allocate
/// <see cref="AttrSize"/> / <see cref="FileActionsSize"/> bytes of native memory for them.</summary>
public static unsafe partial class Spawn
{
    // glibc x86_64: sizeof(posix_spawnattr_t) = 336, sizeof(posix_spawn_file_actions_t) = 80.
    // We allocate generously so a future glibc growing them cannot overrun our buffers.
    public const int AttrSize = 1024;
    public const int FileActionsSize = 256;

    public const short POSIX_SPAWN_RESETIDS = 0x01;
    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Returns an error number (not errno); 0 on success.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int oflag, uint mode);

    /// <summary>glibc 2.34+: closes every fd from <paramref name="from"/> up in the child.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    /// <summary>glibc 2.29+: chdir in the child before exec.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);
}
