using System.Runtime.InteropServices;

namespace Shim.Stage1;

/// <summary>
/// Native/clone_spawn.c, statically linked into the NativeAOT shim (Shim.csproj builds it before the
/// link; a JIT build has no such library and never calls it). The child of its clone runs only that
/// C file, so no managed code ever runs between the clone and the execve of stage 2.
/// </summary>
internal static unsafe partial class CloneSpawn
{
    private const string Library = "clone_spawn";

    /// <summary>struct clone_spawn_request; layout checked in tests/Unit.Shim.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Request
    {
        public byte* Path;
        public byte** Argv;
        public byte** Envp;
        /// <summary>Pairs: fd in the parent, fd number in the child.</summary>
        public int* Fds;
        public int FdCount;
        public int CloneFlags;
        public int UsernsFd;
        public int UnshareFlags;
    }

    /// <summary>Where a child failed (enum in clone_spawn.c).</summary>
    public enum Step
    {
        Pid = 0,
        Clone = 1,
        Wait = 2,
        SetnsUser = 3,
        Unshare = 4,
        ClonePid = 5,
        Setgroups = 6,
        Setresgid = 7,
        Setresuid = 8,
        Setsid = 9,
        Fds = 10,
        Exec = 11,
        Socket = 12,
    }

    [LibraryImport(Library, EntryPoint = "clone_spawn_start")]
    public static partial int Start(Request* request, int* control, int* step, int* errno);

    [LibraryImport(Library, EntryPoint = "clone_spawn_release")]
    public static partial int Release(int control, int* step, int* errno);
}
