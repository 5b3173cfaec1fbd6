using System.Diagnostics;

namespace Tests.UnitLinux;

/// <summary>
/// Compiles a C program against the system headers once and reads back the values our interop
/// layer hard-codes, so a wrong constant or struct size fails here instead of at boot.
/// </summary>
internal static class CHeaderFacts
{
    private static readonly Lazy<Dictionary<string, long>> Facts = new(Compute);

    public static long Get(string name) =>
        Facts.Value.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException(name + " not printed by the C probe");

    private const string Program = """
        #define _GNU_SOURCE
        #include <spawn.h>
        #include <signal.h>
        #include <poll.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <sys/mount.h>
        #include <sys/resource.h>
        #include <sys/wait.h>
        #include <linux/bpf.h>
        #include <sys/ioctl.h>
        #include <sys/socket.h>
        #include <sys/syscall.h>
        #include <fcntl.h>
        #include <linux/openat2.h>
        #define P(x) printf("%s %lld\n", #x, (long long)(x))
        int main(void) {
          P(sizeof(posix_spawnattr_t)); P(sizeof(posix_spawn_file_actions_t)); P(sizeof(sigset_t));
          P(POSIX_SPAWN_RESETIDS); P(POSIX_SPAWN_SETPGROUP); P(POSIX_SPAWN_SETSIGDEF);
          P(POSIX_SPAWN_SETSIGMASK); P(POSIX_SPAWN_SETSID);
          P(sizeof(siginfo_t)); P(offsetof(siginfo_t, si_pid)); P(offsetof(siginfo_t, si_uid));
          P(offsetof(siginfo_t, si_status)); P(offsetof(siginfo_t, si_code));
          P(P_ALL); P(P_PID); P(P_PIDFD); P(WNOHANG); P(WEXITED); P(WNOWAIT); P(WSTOPPED);
          P(CLD_EXITED); P(CLD_KILLED); P(CLD_DUMPED);
          P(MS_RDONLY); P(MS_NOSUID); P(MS_NODEV); P(MS_NOEXEC); P(MS_REMOUNT); P(MS_BIND); P(MS_MOVE);
          P(MS_REC); P(MS_PRIVATE); P(MS_SLAVE); P(MS_SHARED); P(MS_RELATIME); P(MS_STRICTATIME);
          P(MS_UNBINDABLE); P(MS_NOATIME); P(MS_NODIRATIME); P(MS_SILENT); P(MNT_DETACH); P(MNT_FORCE);
          P(RLIMIT_NOFILE); P(RLIMIT_NPROC); P(RLIMIT_CORE); P(RLIMIT_MEMLOCK); P(RLIMIT_STACK);
          P(RLIMIT_RTTIME); P(sizeof(struct rlimit));
          P(POLLIN); P(sizeof(struct pollfd)); P(offsetof(struct pollfd, events));
          P(SIGUSR1); P(SIGUSR2); P(SIGCHLD); P(SIGPWR); P(SIGTERM);
          P(BPF_PROG_LOAD); P(BPF_PROG_ATTACH); P(BPF_PROG_DETACH); P(BPF_PROG_TYPE_CGROUP_DEVICE); P(BPF_CGROUP_DEVICE);
          P(BPF_F_ALLOW_OVERRIDE); P(BPF_F_ALLOW_MULTI); P(BPF_DEVCG_ACC_MKNOD); P(BPF_DEVCG_ACC_READ); P(BPF_DEVCG_ACC_WRITE);
          P(BPF_DEVCG_DEV_BLOCK); P(BPF_DEVCG_DEV_CHAR); P(BPF_LDX); P(BPF_ALU); P(BPF_JMP); P(BPF_JMP32); P(BPF_W); P(BPF_MEM);
          P(BPF_K); P(BPF_X); P(BPF_AND); P(BPF_RSH); P(BPF_MOV); P(BPF_JA); P(BPF_JEQ); P(BPF_JNE); P(BPF_EXIT);
          P(sizeof(struct bpf_insn)); P(offsetof(union bpf_attr, insns)); P(offsetof(union bpf_attr, license));
          P(offsetof(union bpf_attr, log_level)); P(offsetof(union bpf_attr, log_buf)); P(offsetof(union bpf_attr, prog_name));
          P(offsetof(union bpf_attr, expected_attach_type)); P(offsetof(union bpf_attr, attach_bpf_fd));
          P(offsetof(union bpf_attr, attach_type)); P(offsetof(union bpf_attr, attach_flags)); P(offsetof(union bpf_attr, replace_bpf_fd));
          P(RESOLVE_IN_ROOT); P(RESOLVE_NO_MAGICLINKS); P(RESOLVE_NO_SYMLINKS); P(RESOLVE_BENEATH);
          P(sizeof(struct open_how)); P(SYS_openat2); P(SYS_setgroups); P(SYS_setresuid); P(SYS_setresgid); P(AT_FDCWD); P(O_PATH); P(AT_SYMLINK_NOFOLLOW);
          P(TIOCSCTTY); P(TIOCGPTN); P(TIOCSPTLCK); P(TIOCGPTPEER);
          P(SOL_SOCKET); P(SCM_RIGHTS); P(sizeof(struct msghdr)); P(CMSG_SPACE(sizeof(int))); P(CMSG_LEN(sizeof(int)));
          return 0;
        }
        """;

    private static Dictionary<string, long> Compute()
    {
        var dir = Directory.CreateTempSubdirectory("cfacts");
        try
        {
            var src = Path.Combine(dir.FullName, "facts.c");
            var exe = Path.Combine(dir.FullName, "facts");
            File.WriteAllText(src, Program);
            Run("cc", $"-o {exe} {src}", "a C compiler is needed: apt-get install gcc libc6-dev");
            var output = Run(exe, "", "");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: long.Parse(l[(l.LastIndexOf(' ') + 1)..])))
                .ToDictionary(p => p.Name, p => p.Value);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string file, string args, string hint)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException(hint);
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {stderr} {hint}");
        return stdout;
    }
}
