namespace Tests.HostEngines;

/// <summary>podman 4.3 through conmon with runc and with our runtime, scenario by scenario.</summary>
[Collection("engines")]
public sealed class PodmanTests(PodmanEngine engine) : IClassFixture<PodmanEngine>
{
    private const string Image = "docker.io/" + EngineImage.Name;

    private Cli Run(string runtime, params string[] args) => engine.With(runtime, ["run", "--rm", .. PodmanEngine.Limits, .. args]);

    /// <summary>Also podman's default seccomp profile, whose names our tables lack are skipped as runc does.</summary>
    [Fact]
    public void The_exit_status_and_output_reach_podman()
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
            r => Run(r, "--read-only", "--read-only-tmpfs=false", "--cap-drop", "ALL", "--cap-add", "NET_RAW", Image, "sh", "-c", "touch /x 2>/dev/null; echo $?; grep CapEff /proc/self/status").Stdout);
    }

    [Fact]
    public void Memory_and_pids_limits_are_seen_from_inside()
    {
        Runtimes.BothGive("67108864\n50\n", r => Run(r, "-m", "64m", "--pids-limit", "50", Image, "sh", "-c", Scenarios.Limits).Stdout);
    }

    [Fact]
    public void Stdin_and_a_terminal_reach_the_container()
    {
        Runtimes.BothGive("input\n", r => engine.WithInput("input\n", r, ["run", "--rm", "-i", .. PodmanEngine.Limits, Image, "cat"]).Stdout);
        Runtimes.BothGive((0, "/dev/pts/0"), r => Scenarios.WithTerminal(
            $"{engine.Program} {string.Join(' ', engine.Globals)} --runtime {PodmanEngine.RuntimePath(r)} run --rm -it {string.Join(' ', PodmanEngine.Limits)} {Image} tty") is var c ? Scenarios.TerminalResult(c) : default);
    }

    [Fact]
    public void A_detached_container_execs_pauses_updates_takes_signals_stops_and_is_removed()
    {
        Runtimes.BothGive("exec 5 | paused | running | 33554432 | started got-usr1 bye | exit 0 | removed", r =>
        {
            var name = $"life-{r}";
            var started = engine.With(r, ["run", "-d", "--name", name, .. PodmanEngine.Limits, "-m", "64m", Image, "sh", "-c", Scenarios.Service]);
            Assert.True(started.ExitCode == 0, started.ToString());
            var exec = engine.With(r, "exec", name, "sh", "-c", "exit 5").ExitCode;
            engine.With(r, "pause", name);
            var paused = engine.Podman("inspect", "-f", "{{.State.Status}}", name).Stdout.Trim();
            engine.With(r, "unpause", name);
            var running = engine.Podman("inspect", "-f", "{{.State.Status}}", name).Stdout.Trim();
            var update = engine.With(r, "update", "--memory", "32m", name);
            Assert.True(update.ExitCode == 0, update.ToString());
            var limit = engine.With(r, "exec", name, "sh", "-c", Scenarios.MemoryLimit).Stdout.Trim();
            engine.With(r, "kill", "-s", "USR1", name);
            Thread.Sleep(1000);
            var stop = engine.With(r, "stop", "-t", "10", name);
            Assert.True(stop.ExitCode == 0, stop.ToString());
            var logs = engine.Podman("logs", name).Stdout.ReplaceLineEndings(" ").Trim();
            var code = engine.Podman("inspect", "-f", "{{.State.ExitCode}}", name).Stdout.Trim();
            var rm = engine.With(r, "rm", name).ExitCode == 0 && engine.Podman("inspect", name).ExitCode != 0 ? "removed" : "still there";
            return $"exec {exec} | {paused} | {running} | {limit} | {logs} | exit {code} | {rm}";
        });
    }

    /// <summary>Without systemd, podman's restart policies are carried out by the cleanup process conmon
    /// starts when the container ends (<c>podman container cleanup</c>), which starts it again through the
    /// same runtime: on-failure stops after its count, always goes on until <c>stop</c>.</summary>
    [Fact]
    public void Restart_policies_restart_the_container_until_their_count_or_a_stop()
    {
        Runtimes.BothGive("2 exited 1", r =>
        {
            var name = $"restart-{r}";
            engine.With(r, ["run", "--name", name, "--restart", "on-failure:2", .. PodmanEngine.Limits, Image, "sh", "-c", "exit 1"]);
            var state = WaitFor(name, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", s => s == "2 exited 1");
            engine.Podman("rm", "-f", "-t", "0", name);
            return state;
        });
        Runtimes.BothGive("restarted | exited 0 | stays stopped", r =>
        {
            var name = $"always-{r}";
            var started = engine.With(r, ["run", "-d", "--name", name, "--restart", "always", .. PodmanEngine.Limits, Image, "sh", "-c", "sleep 0.3"]);
            Assert.True(started.ExitCode == 0, started.ToString());
            var count = WaitFor(name, "{{.RestartCount}}", s => int.TryParse(s, out var n) && n >= 3);
            var stop = engine.With(r, "stop", "-t", "2", name);
            Assert.True(stop.ExitCode == 0, stop.ToString());
            var stopped = engine.Podman("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", name).Stdout.Trim();
            Thread.Sleep(1500);
            var later = engine.Podman("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", name).Stdout.Trim();
            engine.Podman("rm", "-f", "-t", "0", name);
            return $"{(int.Parse(count) >= 3 ? "restarted" : "restarted " + count)} | {string.Join(' ', stopped.Split(' ')[..2])} | {(later == stopped ? "stays stopped" : $"{stopped} then {later}")}";
        });
    }

    /// <summary>podman update's per-device throttles (linux.resources.blockIO.throttle*Device in the
    /// resources file it passes) land in the container's blkio files. runc 1.1 drops them: its update
    /// copies only blockIO.weight, so the files stay empty with runc; that difference is on purpose.</summary>
    [Fact]
    public void Update_sets_per_device_io_throttles()
    {
        var (disk, number) = FirstDisk();
        string Throttles(string r)
        {
            var name = $"throttle-{r}";
            var started = engine.With(r, ["run", "-d", "--name", name, .. PodmanEngine.Limits, Image, "sleep", "1000"]);
            Assert.True(started.ExitCode == 0, started.ToString());
            var update = engine.With(r, "update", "--device-read-bps", $"{disk}:1mb", "--device-write-iops", $"{disk}:100", name);
            Assert.True(update.ExitCode == 0, update.ToString());
            var files = engine.With(r, "exec", name, "sh", "-c",
                "cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device 2>/dev/null || cat /sys/fs/cgroup/io.max");
            engine.Podman("rm", "-f", "-t", "0", name);
            return files.Stdout.ReplaceLineEndings(" ").Trim();
        }
        Assert.Equal("", Throttles("runc"));
        Assert.Equal($"{number} 1048576 {number} 100", Throttles("ours"));
    }

    /// <summary>The first whole disk of /proc/partitions ("major minor blocks name") and its number.</summary>
    private static (string Device, string Number) FirstDisk()
    {
        var fields = File.ReadAllLines("/proc/partitions").Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length == 4 && File.Exists($"/dev/{f[3]}")) ?? throw new InvalidOperationException("no block device in /proc/partitions to throttle");
        return ($"/dev/{fields[3]}", $"{fields[0]}:{fields[1]}");
    }

    private string WaitFor(string name, string format, Func<string, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        string state;
        while (!done(state = engine.Podman("inspect", "-f", format, name).Stdout.Trim()) && DateTime.UtcNow < until) Thread.Sleep(200);
        return state;
    }

    [Fact]
    public void A_config_the_runtime_cannot_honour_names_the_field_in_podmans_error()
    {
        var profile = Scenarios.BadSeccompProfile();
        var result = engine.With("ours", ["run", "--name", "bad-seccomp", .. PodmanEngine.Limits, "--security-opt", $"seccomp={profile}", Image, "true"]);
        var id = engine.Podman("inspect", "-f", "{{.Id}}", "bad-seccomp").Stdout.Trim();
        engine.Podman("rm", "-f", "bad-seccomp");
        Assert.True(result.ExitCode == 126, result.ToString());
        Assert.Contains(Scenarios.BadSeccompField, result.Stderr, StringComparison.Ordinal);
        Assert.False(id.Length > 0 && Scenarios.CgroupLeft("libpod-" + id), $"cgroup libpod-{id} left behind");
    }
}
