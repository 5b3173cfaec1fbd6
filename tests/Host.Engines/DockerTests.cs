namespace Tests.HostEngines;

/// <summary>Docker (dockerd 20.10 + its containerd + containerd-shim-runc-v2) with runc and with our
/// runtime, scenario by scenario on the same image.</summary>
[Collection("engines")]
public sealed class DockerTests(DockerEngine engine) : IClassFixture<DockerEngine>
{
    private const string Image = EngineImage.Name;

    private Cli Run(string runtime, params string[] args) =>
        engine.Docker(["run", "--rm", "--runtime", DockerEngine.RuntimeName(runtime), "--network", "none", .. args]);

    [Fact]
    public void The_exit_status_and_output_reach_docker()
    {
        Runtimes.BothGive((3, "hi\n"), r => Run(r, Image, "sh", "-c", "echo hi; exit 3") is var c ? (c.ExitCode, c.Stdout) : default);
    }

    [Fact]
    public void Env_user_and_workdir_apply()
    {
        Runtimes.BothGive("bar 65534:65534 /tmp\n", r => Run(r, "-e", "FOO=bar", "-u", "65534:65534", "-w", "/tmp", Image, "sh", "-c", Scenarios.EnvUserCwd).Stdout);
    }

    [Fact]
    public void A_read_only_root_refuses_writes_and_capabilities_are_the_asked_ones()
    {
        Runtimes.BothGive("1\nCapEff:\t0000000000002000\n",
            r => Run(r, "--read-only", "--cap-drop", "ALL", "--cap-add", "NET_RAW", Image, "sh", "-c", "touch /x 2>/dev/null; echo $?; grep CapEff /proc/self/status").Stdout);
    }

    [Fact]
    public void Memory_and_pids_limits_are_seen_from_inside()
    {
        Runtimes.BothGive("67108864\n50\n", r => Run(r, "-m", "64m", "--pids-limit", "50", Image, "sh", "-c", Scenarios.Limits).Stdout);
    }

    [Fact]
    public void Stdin_and_a_terminal_reach_the_container()
    {
        Runtimes.BothGive("input\n", r => engine.DockerWithInput("input\n", "run", "--rm", "-i", "--runtime", DockerEngine.RuntimeName(r), "--network", "none", Image, "cat").Stdout);
        Runtimes.BothGive((0, "/dev/pts/0"), r => Scenarios.WithTerminal(
            $"{engine.Client} -H {engine.Host} run --rm -it --runtime {DockerEngine.RuntimeName(r)} --network none {Image} tty") is var c ? Scenarios.TerminalResult(c) : default);
    }

    /// <summary>Detached, exec, pause/unpause, update, a signal, stop, logs and rm: the whole life of a service.</summary>
    [Fact]
    public void A_detached_container_execs_pauses_updates_takes_signals_stops_and_is_removed()
    {
        Runtimes.BothGive("exec 5 | paused | running | 33554432 | started got-usr1 bye | exit 0 | removed", r =>
        {
            var name = $"life-{r}";
            var started = engine.Docker("run", "-d", "--name", name, "--runtime", DockerEngine.RuntimeName(r), "--network", "none", "-m", "64m", Image, "sh", "-c", Scenarios.Service);
            Assert.True(started.ExitCode == 0, started.ToString());
            var exec = engine.Docker("exec", name, "sh", "-c", "exit 5").ExitCode;
            engine.Docker("pause", name);
            var paused = engine.Docker("inspect", "-f", "{{.State.Status}}", name).Stdout.Trim();
            engine.Docker("unpause", name);
            var running = engine.Docker("inspect", "-f", "{{.State.Status}}", name).Stdout.Trim();
            var update = engine.Docker("update", "--memory", "32m", "--memory-swap", "64m", name);
            Assert.True(update.ExitCode == 0, update.ToString());
            var limit = engine.Docker("exec", name, "sh", "-c", Scenarios.MemoryLimit).Stdout.Trim();
            engine.Docker("kill", "-s", "USR1", name);
            Thread.Sleep(1000);
            var stop = engine.Docker("stop", "-t", "10", name);
            Assert.True(stop.ExitCode == 0, stop.ToString());
            var logs = engine.Docker("logs", name).Stdout.ReplaceLineEndings(" ").Trim();
            var code = engine.Docker("inspect", "-f", "{{.State.ExitCode}}", name).Stdout.Trim();
            var rm = engine.Docker("rm", name).ExitCode == 0 && engine.Docker("inspect", name).ExitCode != 0 ? "removed" : "still there";
            return $"exec {exec} | {paused} | {running} | {limit} | {logs} | exit {code} | {rm}";
        });
    }

    [Fact]
    public void A_restart_policy_restarts_a_failing_container()
    {
        Runtimes.BothGive("2 exited 1", r =>
        {
            var name = $"restart-{r}";
            engine.Docker("run", "--name", name, "--restart", "on-failure:2", "--runtime", DockerEngine.RuntimeName(r), "--network", "none", Image, "sh", "-c", "exit 1");
            var until = DateTime.UtcNow.AddSeconds(30);
            string state;
            while ((state = engine.Docker("inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", name).Stdout.Trim()) != "2 exited 1" && DateTime.UtcNow < until)
                Thread.Sleep(200);
            engine.Docker("rm", "-f", name);
            return state;
        });
    }

    /// <summary>What the runtime cannot honour fails in Docker's own error output with the field named
    /// (through --log JSON), and leaves no cgroup behind.</summary>
    [Fact]
    public void A_config_the_runtime_cannot_honour_names_the_field_in_dockers_error()
    {
        var profile = Scenarios.BadSeccompProfile();
        var result = engine.Docker("run", "--name", "bad-seccomp", "--runtime", "cinit", "--network", "none", "--security-opt", $"seccomp={profile}", Image, "true");
        var id = engine.Docker("inspect", "-f", "{{.Id}}", "bad-seccomp").Stdout.Trim();
        engine.Docker("rm", "-f", "bad-seccomp");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains(Scenarios.BadSeccompField, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unable to retrieve OCI runtime error", result.Stderr, StringComparison.Ordinal);
        Assert.False(id.Length == 0 || Scenarios.CgroupLeft(id), $"cgroup {id} left behind (or no id: {id})");
    }
}
