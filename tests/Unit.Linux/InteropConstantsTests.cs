using System.Runtime.InteropServices;
using Linux.Native;

namespace Tests.UnitLinux;

/// <summary>Every constant and layout the interop layer hard-codes, against glibc's headers.</summary>
public sealed class InteropConstantsTests
{
    public static TheoryData<string, long> Constants() => new()
    {
        { "POSIX_SPAWN_RESETIDS", Spawn.POSIX_SPAWN_RESETIDS },
        { "POSIX_SPAWN_SETPGROUP", Spawn.POSIX_SPAWN_SETPGROUP },
        { "POSIX_SPAWN_SETSIGDEF", Spawn.POSIX_SPAWN_SETSIGDEF },
        { "POSIX_SPAWN_SETSIGMASK", Spawn.POSIX_SPAWN_SETSIGMASK },
        { "POSIX_SPAWN_SETSID", Spawn.POSIX_SPAWN_SETSID },
        { "sizeof(sigset_t)", Signal.SigsetSize },
        { "sizeof(siginfo_t)", Marshal.SizeOf<Wait.siginfo_t>() },
        { "offsetof(siginfo_t, si_pid)", Marshal.OffsetOf<Wait.siginfo_t>("si_pid") },
        { "offsetof(siginfo_t, si_uid)", Marshal.OffsetOf<Wait.siginfo_t>("si_uid") },
        { "offsetof(siginfo_t, si_status)", Marshal.OffsetOf<Wait.siginfo_t>("si_status") },
        { "offsetof(siginfo_t, si_code)", Marshal.OffsetOf<Wait.siginfo_t>("si_code") },
        { "P_ALL", Wait.P_ALL }, { "P_PID", Wait.P_PID }, { "P_PIDFD", Wait.P_PIDFD },
        { "WNOHANG", Wait.WNOHANG }, { "WEXITED", Wait.WEXITED }, { "WNOWAIT", Wait.WNOWAIT },
        { "WSTOPPED", Wait.WSTOPPED },
        { "CLD_EXITED", Wait.CLD_EXITED }, { "CLD_KILLED", Wait.CLD_KILLED }, { "CLD_DUMPED", Wait.CLD_DUMPED },
        { "MS_RDONLY", (long)Mount.MS_RDONLY }, { "MS_NOSUID", (long)Mount.MS_NOSUID },
        { "MS_NODEV", (long)Mount.MS_NODEV }, { "MS_NOEXEC", (long)Mount.MS_NOEXEC },
        { "MS_REMOUNT", (long)Mount.MS_REMOUNT }, { "MS_BIND", (long)Mount.MS_BIND },
        { "MS_MOVE", (long)Mount.MS_MOVE }, { "MS_REC", (long)Mount.MS_REC },
        { "MS_PRIVATE", (long)Mount.MS_PRIVATE }, { "MS_SLAVE", (long)Mount.MS_SLAVE },
        { "MS_SHARED", (long)Mount.MS_SHARED }, { "MS_RELATIME", (long)Mount.MS_RELATIME },
        { "MS_STRICTATIME", (long)Mount.MS_STRICTATIME }, { "MS_UNBINDABLE", (long)Mount.MS_UNBINDABLE },
        { "MS_NOATIME", (long)Mount.MS_NOATIME }, { "MS_NODIRATIME", (long)Mount.MS_NODIRATIME },
        { "MS_SILENT", (long)Mount.MS_SILENT }, { "MNT_DETACH", Mount.MNT_DETACH }, { "MNT_FORCE", Mount.MNT_FORCE },
        { "RLIMIT_NOFILE", Resource.RLIMIT_NOFILE }, { "RLIMIT_NPROC", Resource.RLIMIT_NPROC },
        { "RLIMIT_CORE", Resource.RLIMIT_CORE }, { "RLIMIT_MEMLOCK", Resource.RLIMIT_MEMLOCK },
        { "RLIMIT_STACK", Resource.RLIMIT_STACK }, { "RLIMIT_RTTIME", Resource.RLIMIT_RTTIME },
        { "sizeof(struct rlimit)", Marshal.SizeOf<Resource.rlimit>() },
        { "POLLIN", Poll.POLLIN }, { "sizeof(struct pollfd)", Marshal.SizeOf<Poll.pollfd>() },
        { "offsetof(struct pollfd, events)", Marshal.OffsetOf<Poll.pollfd>(nameof(Poll.pollfd.events)).ToInt64() },
        { "SIGUSR1", Signal.SIGUSR1 }, { "SIGUSR2", Signal.SIGUSR2 }, { "SIGCHLD", Signal.SIGCHLD },
        { "SIGPWR", Signal.SIGPWR }, { "SIGTERM", Signal.SIGTERM },
        { "RESOLVE_IN_ROOT", (long)OpenAt2.RESOLVE_IN_ROOT }, { "RESOLVE_NO_MAGICLINKS", (long)OpenAt2.RESOLVE_NO_MAGICLINKS },
        { "RESOLVE_NO_SYMLINKS", (long)OpenAt2.RESOLVE_NO_SYMLINKS }, { "RESOLVE_BENEATH", (long)OpenAt2.RESOLVE_BENEATH },
        { "sizeof(struct open_how)", Marshal.SizeOf<OpenAt2.open_how>() }, { "SYS_openat2", OpenAt2.SYS_openat2 },
        { "SYS_setgroups", Unistd.SYS_setgroups }, { "SYS_setresuid", Unistd.SYS_setresuid }, { "SYS_setresgid", Unistd.SYS_setresgid },
        { "AT_FDCWD", Fcntl.AT_FDCWD }, { "O_PATH", Fcntl.O_PATH }, { "AT_SYMLINK_NOFOLLOW", Fcntl.AT_SYMLINK_NOFOLLOW },
        { "TIOCSCTTY", (long)Tty.TIOCSCTTY }, { "TIOCGPTN", (long)Tty.TIOCGPTN }, { "TIOCSPTLCK", (long)Tty.TIOCSPTLCK },
        { "TIOCGPTPEER", (long)Tty.TIOCGPTPEER }, { "SOL_SOCKET", Socket.SOL_SOCKET }, { "SCM_RIGHTS", Socket.SCM_RIGHTS },
        { "sizeof(struct msghdr)", Marshal.SizeOf<Socket.msghdr>() }, { "CMSG_SPACE(sizeof(int))", Marshal.SizeOf<Socket.cmsg_fd>() },
        { "CMSG_LEN(sizeof(int))", Socket.CmsgLenOneFd },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void Matches_the_C_headers(string name, long ours) => Assert.Equal(CHeaderFacts.Get(name), ours);

    [Theory]
    [InlineData("sizeof(posix_spawnattr_t)", Spawn.AttrSize)]
    [InlineData("sizeof(posix_spawn_file_actions_t)", Spawn.FileActionsSize)]
    public void Opaque_buffers_are_large_enough(string name, int allocated) =>
        Assert.True(CHeaderFacts.Get(name) <= allocated, $"{name} = {CHeaderFacts.Get(name)} > {allocated}");
}
