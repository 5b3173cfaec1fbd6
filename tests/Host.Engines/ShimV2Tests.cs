namespace Tests.HostEngines;

/// <summary>
/// containerd 1.6 with our runtime v2 shim (<c>ctr run --runtime io.containerd.cinit.v1</c>, the binary
/// containerd-shim-cinit-v1 found on containerd's PATH) side by side with its own runc v2 shim and runc:
/// both must give the same result.
/// </summary>
[Collection("engines")]
public sealed class ShimV2Tests(ContainerdEngine engine) : IClassFixture<ContainerdEngine>
{
    private const string Image = ContainerdEngine.Image;

    public static string Shim(string runtime) => runtime == "runc" ? "io.containerd.runc.v2" : "io.containerd.cinit.v1";

    private Cli Run(string runtime, string name, string script, string? stdin = null) =>
        Cli.Run(engine.Ctr, ["-a", engine.Address, "run", "--rm", "--runtime", Shim(runtime), Image, name, "sh", "-c", script], stdin);

    [Fact]
    public void The_exit_status_and_output_reach_ctr()
    {
        Runtimes.BothGive((3, "hi\n", ""), r => Run(r, $"v2-exit-{r}", "echo hi; echo err >&2; exit 3") is var c
            ? (c.ExitCode, c.Stdout, c.Stderr.Replace("err\n", "", StringComparison.Ordinal)) : default);
    }

    /// <summary>Ours only: ctr 1.6 sends CloseIO only when its stdin ends after the task exists, so a short
    /// piped stdin ends at once and the runc v2 shim never gives the container end-of-file (ctr hung here);
    /// ours ends stdin when ctr's FIFO writer closes.</summary>
    [Fact]
    public void Stdin_reaches_the_container_and_ends()
    {
        var c = Run("ours", "v2-stdin", "echo $(wc -l) lines", "a\nb\n");
        Assert.Equal((0, "2 lines\n"), (c.ExitCode, c.Stdout));
    }

    [Fact]
    public void A_terminal_reaches_the_container()
    {
        Runtimes.BothGive((4, "/dev/pts/0"), r => Scenarios.TerminalResult(Scenarios.WithTerminal(
            $"{engine.Ctr} -a {engine.Address} run --rm -t --runtime {Shim(r)} {Image} v2-tty-{r} sh -c 'tty; exit 4'")));
    }

    /// <summary>An exec with a terminal (ctr task exec -t): the pty's master comes over our console socket.
    /// Only the first line counts: ctr may log a failed resize of the ended exec after it (seen with runc).</summary>
    [Fact]
    public void An_exec_gets_a_terminal()
    {
        Runtimes.BothGive((6, "/dev/pts/0"), r =>
        {
            var name = $"v2-exec-tty-{r}";
            var started = engine.Client("run", "-d", "--runtime", Shim(r), Image, name, "sleep", "1000");
            Assert.True(started.ExitCode == 0, started.ToString());
            try
            {
                var (code, text) = Scenarios.TerminalResult(Scenarios.WithTerminal(
                    $"{engine.Ctr} -a {engine.Address} tasks exec -t --exec-id t1 {name} sh -c 'tty; exit 6'"));
                return (code, text.Split('\n')[0].Trim());
            }
            finally
            {
                engine.Remove(name);
            }
        });
    }

    [Fact]
    public void A_detached_task_execs_lists_pids_pauses_resumes_is_killed_and_deleted_leaving_no_cgroup()
    {
        Runtimes.BothGive("exec 5 | exec output: in-exec | pids listed | PAUSED | RUNNING | STOPPED | deleted | no cgroup | no shim", r =>
        {
            var name = $"v2-life-{r}";
            var started = engine.Client("run", "-d", "--runtime", Shim(r), "--memory-limit", "67108864", Image, name, "sh", "-c", Scenarios.Service);
            Assert.True(started.ExitCode == 0, started.ToString());
            var exec = engine.Client("tasks", "exec", "--exec-id", "e1", name, "sh", "-c", "exit 5").ExitCode;
            var output = engine.Client("tasks", "exec", "--exec-id", "e2", name, "echo", "in-exec").Stdout.Trim();
            var pids = engine.Client("tasks", "ps", name).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
            engine.Client("tasks", "pause", name);
            var paused = engine.Status(name);
            engine.Client("tasks", "resume", name);
            var running = engine.Status(name);
            var stopped = engine.KillAndWaitStopped(name);
            var deleted = engine.DeleteStopped(name);
            return $"exec {exec} | exec output: {output} | {(pids >= 1 ? "pids listed" : $"pids {pids}")} | {paused} | {running} | {stopped} | {deleted} | " +
                $"{(Scenarios.CgroupLeft(name) ? "cgroup left" : "no cgroup")} | {(ShimLeft(name) ? "shim left" : "no shim")}";
        });
    }

    /// <summary>What the runtime cannot honour fails Create with the runtime's error, field named, in ctr's own
    /// output, and leaves no container, shim, cgroup or runtime state behind. The spec is ctr's default with a
    /// bad seccomp action, on a root of Debian's static busybox (ctr --config takes no image).</summary>
    [Fact]
    public void A_config_the_runtime_cannot_honour_names_the_field_in_ctrs_error()
    {
        var dir = Directory.CreateTempSubdirectory("v2-bad-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "root", "bin"));
            File.Copy(Cli.Need("/bin/busybox", "busybox-static"), Path.Combine(dir, "root", "bin", "true"));
            var spec = System.Text.Json.Nodes.JsonNode.Parse(engine.Client("oci", "spec").Stdout)!;
            spec["root"] = new System.Text.Json.Nodes.JsonObject { ["path"] = Path.Combine(dir, "root"), ["readonly"] = true };
            spec["process"]!["args"] = new System.Text.Json.Nodes.JsonArray("true");
            spec["linux"]!["seccomp"] = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Scenarios.BadSeccompProfile()));
            File.WriteAllText(Path.Combine(dir, "config.json"), spec.ToJsonString());
            var result = engine.Client("run", "--rm", "--runtime", Shim("ours"), "--config", Path.Combine(dir, "config.json"), "v2-bad");
            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("failed to create shim task", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(Scenarios.BadSeccompField, result.Stderr, StringComparison.Ordinal);
            var left = engine.Client("containers", "ls", "-q").Stdout.Split('\n').Contains("v2-bad") ? "container" : "";
            Assert.Equal(("", false, false, false), (left, ShimLeft("v2-bad"), Scenarios.CgroupLeft("v2-bad"), Directory.Exists("/run/containerd/cinit/default/v2-bad")));
        }
        finally
        {
            engine.Client("containers", "rm", "v2-bad");
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>ctr task metrics decodes the shim's Stats (cgroups Metrics): usage of memory and cpu, the pid count.</summary>
    [Fact]
    public void A_tasks_metrics_reach_ctr()
    {
        Runtimes.BothGive("memory.usage_in_bytes > 0 | cpuacct.usage > 0 | pids.current 1", r =>
        {
            var name = $"v2-metrics-{r}";
            var started = engine.Client("run", "-d", "--runtime", Shim(r), Image, name, "sleep", "1000");
            Assert.True(started.ExitCode == 0, started.ToString());
            try
            {
                var metrics = engine.Client("tasks", "metrics", name);
                Assert.True(metrics.ExitCode == 0, metrics.ToString());
                var values = metrics.Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(f => f.Length == 2).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First()[1]);
                string Positive(string key) => values.TryGetValue(key, out var v) && ulong.TryParse(v, out var n) && n > 0 ? $"{key} > 0" : $"{key} {v}";
                return $"{Positive("memory.usage_in_bytes")} | {Positive("cpuacct.usage")} | pids.current {values.GetValueOrDefault("pids.current")}";
            }
            finally
            {
                engine.Remove(name);
            }
        });
    }

    /// <summary>A container that allocates past its memory limit is OOM-killed, and the shim says so: containerd
    /// gets <c>/tasks/oom</c> for it before <c>/tasks/exit</c> (the order containerd's CRI plugin needs to give
    /// the reason OOMKilled), as ctr events shows. The allocation is bounded (a 64 MiB string, doubled by sh) so a
    /// host with swap, where a limit without memsw only swaps, ends the test with exit 0 instead of filling swap.</summary>
    [Fact]
    public void An_oom_kill_reaches_containerd_before_the_exit()
    {
        Runtimes.BothGive("exit 137 | /tasks/oom before /tasks/exit", r =>
        {
            var name = $"v2-oom-{r}";
            var psi = new System.Diagnostics.ProcessStartInfo(engine.Ctr) { RedirectStandardOutput = true };
            foreach (var a in new[] { "-a", engine.Address, "events" }) psi.ArgumentList.Add(a);
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var events = new System.Diagnostics.Process { StartInfo = psi };
            events.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
            events.Start();
            events.BeginOutputReadLine();
            try
            {
                // ctr events has subscribed once a probe container's events reach it (an event before that is lost)
                var until = DateTime.UtcNow.AddSeconds(30);
                while (!lines.Any(l => l.Contains("/containers/", StringComparison.Ordinal)) && DateTime.UtcNow < until)
                {
                    engine.Client("containers", "create", Image, $"{name}-probe", "true");
                    engine.Client("containers", "rm", $"{name}-probe");
                    Thread.Sleep(200);
                }
                var run = Cli.Run(engine.Ctr, ["-a", engine.Address, "run", "--rm", "--runtime", Shim(r), "--memory-limit", "33554432", Image, name,
                    "sh", "-c", "x=a; i=0; while [ $i -lt 26 ]; do x=$x$x; i=$((i+1)); done; echo not killed"]);
                // the events of the run's end (the delete) may reach ctr events a moment after ctr run returns
                Thread.Sleep(500);
                events.Kill();
                events.WaitForExit();
                // a line: TIME (with spaces) NAMESPACE TOPIC EVENT-JSON
                var topics = lines.Where(l => l.Contains($"\"{name}\"", StringComparison.Ordinal))
                    .Select(l => l.Split(' ').FirstOrDefault(f => f.StartsWith('/')) ?? l).ToList();
                var oom = topics.IndexOf("/tasks/oom");
                var exit = topics.IndexOf("/tasks/exit");
                var order = oom >= 0 && exit > oom ? "/tasks/oom before /tasks/exit" : $"topics: {string.Join(", ", topics)}";
                return $"exit {run.ExitCode}{(run.ExitCode == 137 ? "" : $" ({run.Stdout.Trim()})")} | {order}";
            }
            finally
            {
                if (!events.HasExited) events.Kill();
            }
        });
    }

    /// <summary>A shim that dies (SIGKILL) is cleaned up after: containerd runs our <c>delete</c>, which
    /// force-deletes the container through the runtime and unmounts its rootfs.</summary>
    [Fact]
    public void A_task_whose_shim_was_killed_is_cleaned_up_by_delete()
    {
        const string name = "v2-dead-shim";
        var started = engine.Client("run", "-d", "--runtime", Shim("ours"), Image, name, "sleep", "1000");
        Assert.True(started.ExitCode == 0, started.ToString());
        var task = int.Parse(engine.Client("tasks", "ls").Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f.Length >= 3 && f[0] == name)[1], System.Globalization.CultureInfo.InvariantCulture);
        var shim = ShimPids(name).Single();
        Linux.Native.Signal.kill(shim, Linux.Native.Signal.SIGKILL);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Directory.Exists($"/proc/{task}") && DateTime.UtcNow < until) Thread.Sleep(100);
        var removed = engine.Client("containers", "rm", name);
        Assert.Equal(("task gone", 0, false, false, false),
            (Directory.Exists($"/proc/{task}") ? "task runs" : "task gone", removed.ExitCode, Scenarios.CgroupLeft(name),
             Directory.Exists($"/run/containerd/cinit/default/{name}"), File.ReadAllText("/proc/self/mountinfo").Contains($"/{name}/rootfs", StringComparison.Ordinal)));
    }


    /// <summary>True while a shim process for that container still runs (shims end once their task is deleted).</summary>
    private static bool ShimLeft(string name)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var left = ShimPids(name).Count > 0;
            if (!left || DateTime.UtcNow > until) return left;
            Thread.Sleep(100);
        }
    }

    /// <summary>The containerd-shim-* processes whose command line names the container.</summary>
    private static List<int> ShimPids(string name) =>
        Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0');
                return cmdline.Length > 1 && Path.GetFileName(cmdline[0]).StartsWith("containerd-shim-", StringComparison.Ordinal)
                    && cmdline.Contains(name);
            }
            catch (IOException)
            {
                return false;
            }
        }).Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
