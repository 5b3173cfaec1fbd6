using System.Text;
using Linux;
using Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Tests.UnitLinux;

/// <summary>Spawns real children and checks the hygiene promises of <see cref="ChildSpawner"/>.</summary>
public sealed unsafe class ChildSpawnerTests
{
    private const string Sh = "/bin/sh";

    [Theory]
    [InlineData("exit 0", 0, 0, 0)]
    [InlineData("exit 3", 3, 0, 3)]
    [InlineData("exit 255", 255, 0, 255)]
    [InlineData("kill -TERM $$", 0, 15, 143)]
    [InlineData("kill -KILL $$", 0, 9, 137)]
    public void Exit_status_comes_back(string script, int code, int signal, int shellCode)
    {
        var pid = Start(new SpawnRequest { Path = Sh, Args = ["sh", "-c", script] });
        var status = WaitFor(pid);
        Assert.Equal((code, signal, shellCode), (status.Code, status.Signal, status.ShellCode));
    }

    [Fact]
    public void Signals_are_default_and_unblocked_in_the_child()
    {
        // The .NET runtime ignores SIGPIPE; a child must not inherit that (docs/facts.md).
        var status = RunAndRead("grep -E '^Sig(Ign|Blk):' /proc/self/status");
        var lines = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("SigBlk:\t0000000000000000", lines[0]);
        // glibc's spawn child sets its two internal signals (32 SIGCANCEL, 33 SIGSETXID) to SIG_IGN
        // whatever the attributes say; every other signal must be at its default.
        var ignored = Convert.ToUInt64(lines[1]["SigIgn:\t".Length..], 16);
        const ulong glibcInternal = (1UL << 31) | (1UL << 32);
        Assert.Equal(0UL, ignored & ~glibcInternal);
    }

    [Fact]
    public void Only_the_requested_fds_are_open_in_the_child()
    {
        var fds = RunAndRead("ls /proc/self/fd").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // 0, 1, 2 and the fd ls itself opens to read the directory.
        Assert.True(fds.Length <= 4, "child fds: " + string.Join(",", fds));
        Assert.All(fds, fd => Assert.True(int.Parse(fd) <= 3, "unexpected fd " + fd));
    }

    [Fact]
    public void Child_leads_a_new_session()
    {
        var ids = RunAndRead("echo $$ $(cut -d' ' -f6 /proc/$$/stat)").Trim().Split(' ');
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public void Environment_and_working_directory_are_applied()
    {
        var output = RunAndRead("echo \"$GREETING $(pwd)\"", env: ["GREETING=hello"], cwd: "/tmp");
        Assert.Equal("hello /tmp", output.Trim());
    }

    [Fact]
    public void Missing_binary_is_an_error_naming_the_path()
    {
        var pid = ChildSpawner.Start(new SpawnRequest { Path = "/nonexistent/tool", Args = ["tool"] }, out var error);
        Assert.Equal(-1, pid);
        Assert.NotNull(error);
        Assert.Equal(Errno.ENOENT, error!.Errno.Value);
        Assert.StartsWith("spawn /nonexistent/tool: ENOENT (", error.ToString());
    }

    private static int Start(SpawnRequest request)
    {
        var pid = ChildSpawner.Start(request, out var error);
        Assert.True(pid > 0, error?.ToString());
        return pid;
    }

    private static ExitStatus WaitFor(int pid)
    {
        Wait.siginfo_t info;
        Assert.Equal(0, Wait.waitid(Wait.P_PID, pid, &info, Wait.WEXITED));
        return ExitStatus.FromSiginfo(info);
    }

    private static string RunAndRead(string script, IReadOnlyList<string>? env = null, string? cwd = null)
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, Tmds.Linux.LibC.pipe2(fds, Tmds.Linux.LibC.O_CLOEXEC));
        int pid;
        try
        {
            pid = Start(new SpawnRequest
            {
                Path = Sh, Args = ["sh", "-c", script], Env = env, WorkingDirectory = cwd,
                Fds = [(fds[1], 1)],
            });
        }
        finally
        {
            Tmds.Linux.LibC.close(fds[1]);
        }
        using var reader = new StreamReader(new FileStream(new SafeFileHandle(fds[0], ownsHandle: true), FileAccess.Read), Encoding.UTF8);
        var output = reader.ReadToEnd();
        Assert.True(WaitFor(pid).Success, "child failed: " + output);
        return output;
    }
}
