namespace Tests.HostEngines;

/// <summary>containerd 1.6 (containerd-shim-runc-v2, a subreaper) with runc and with our runtime.</summary>
[Collection("engines")]
public sealed class ContainerdTests(ContainerdEngine engine) : IClassFixture<ContainerdEngine>
{
    private const string Image = ContainerdEngine.Image;

    private Cli Run(string runtime, string name, params string[] args) =>
        engine.Client(["run", "--rm", "--runc-binary", ContainerdEngine.RuntimePath(runtime), .. args[..^1], Image, name, "sh", "-c", args[^1]]);

    /// <summary>The first thing that broke: the exit status must reach the subreaping shim.</summary>
    [Fact]
    public void The_exit_status_and_output_reach_ctr()
    {
        Runtimes.BothGive((3, "hi\n"), r => Run(r, $"exit-{r}", "echo hi; exit 3") is var c ? (c.ExitCode, c.Stdout) : default);
    }

    /// <summary>ctr's default set less CAP_CHOWN plus CAP_NET_ADMIN (ctr has no "drop all").</summary>
    [Fact]
    public void Env_cwd_read_only_root_and_capabilities_apply()
    {
        Runtimes.BothGive("bar 0:0 /tmp\n1\nCapEff:\t00000000a80435fa\n", r => Run(r, $"env-{r}",
            "--env", "FOO=bar", "--cwd", "/tmp", "--read-only", "--cap-drop", "CAP_CHOWN", "--cap-add", "CAP_NET_ADMIN",
            Scenarios.EnvUserCwd + "; touch /x 2>/dev/null; echo $?; grep CapEff /proc/self/status").Stdout);
    }

    [Fact]
    public void A_terminal_reaches_the_container()
    {
        Runtimes.BothGive((4, "/dev/pts/0"), r => Scenarios.WithTerminal(
            $"{engine.Ctr} -a {engine.Address} run --rm -t --runc-binary {ContainerdEngine.RuntimePath(r)} {Image} tty-{r} sh -c 'tty; exit 4'") is var c
            ? Scenarios.TerminalResult(c) : default);
    }

    [Fact]
    public void A_detached_task_execs_pauses_resumes_is_killed_and_deleted_leaving_no_cgroup()
    {
        Runtimes.BothGive("exec 5 | PAUSED | RUNNING | STOPPED | deleted | no cgroup", r =>
        {
            var name = $"life-{r}";
            var started = engine.Client("run", "-d", "--runc-binary", ContainerdEngine.RuntimePath(r), "--memory-limit", "67108864", Image, name, "sh", "-c", Scenarios.Service);
            Assert.True(started.ExitCode == 0, started.ToString());
            var exec = engine.Client("tasks", "exec", "--exec-id", "e1", name, "sh", "-c", "exit 5").ExitCode;
            engine.Client("tasks", "pause", name);
            var paused = engine.Status(name);
            engine.Client("tasks", "resume", name);
            var running = engine.Status(name);
            var stopped = engine.KillAndWaitStopped(name);
            var deleted = engine.DeleteStopped(name);
            return $"exec {exec} | {paused} | {running} | {stopped} | {deleted} | {(Scenarios.CgroupLeft(name) ? "cgroup left" : "no cgroup")}";
        });
    }

}
