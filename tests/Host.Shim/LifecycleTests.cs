using System.Text.Json;

namespace Tests.HostShim;

/// <summary>create -> start -> kill -> delete under runc and under the shim, on the same bundle: the
/// state JSON at each step and the exit codes of verbs that do not fit the state must agree.</summary>
public sealed class LifecycleTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void The_state_machine_matches_runc()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"], s => s with
        {
            Annotations = new() { ["org.example.key"] = "value" },
        });
        var id = $"sm-{Environment.ProcessId}";
        var runc = Steps(new LifecycleCli("runc"), bundle.Dir, id);
        var shim = Steps(LifecycleCli.Shim(), bundle.Dir, id);
        Assert.Equal(runc, shim);
    }

    /// <summary>One line per step: the verb's exit code and the state's fields that the spec defines.</summary>
    private static List<string> Steps(LifecycleCli cli, string bundle, string id)
    {
        using var _ = cli;
        var log = new List<string>();
        void Step(string what, RunResult r) => log.Add($"{what}: exit {r.ExitCode} | {Describe(cli.State(id), bundle)}");
        Step("state before create", cli.Run("state", id));
        Step("create", cli.Run("create", "--bundle", bundle, id));
        Step("create again", cli.Run("create", "--bundle", bundle, id));
        Step("kill 0 created", cli.Run("kill", id, "0"));
        Step("start", cli.Run("start", id));
        Step("start again", cli.Run("start", id));
        Step("delete running", cli.Run("delete", id));
        Step("kill bad signal", cli.Run("kill", id, "SIGNOPE"));
        // The state right after kill is a race (the signal lands asynchronously): only its exit code counts.
        log.Add($"kill KILL: exit {cli.Run("kill", id, "KILL").ExitCode}");
        cli.WaitForStatus(id, "stopped");
        Step("after kill", cli.Run("state", id));
        Step("kill stopped", cli.Run("kill", id, "9"));
        Step("start stopped", cli.Run("start", id));
        Step("delete", cli.Run("delete", id));
        Step("delete again", cli.Run("delete", id));
        Assert.False(Directory.Exists(Path.Combine(cli.Root, id)), $"{cli.Runtime} left its state directory");
        return log;
    }

    private static string Describe(JsonElement? state, string bundle)
    {
        if (state is not { } s) return "no state";
        var pid = s.GetProperty("pid").GetInt32();
        var annotations = s.TryGetProperty("annotations", out var a) ? a.GetRawText().Replace(" ", "").Replace("\n", "") : "none";
        return $"id {s.GetProperty("id")} status {s.GetProperty("status")} pid {(pid > 0 ? "live" : pid.ToString())} " +
            $"bundle {(s.GetProperty("bundle").GetString() == bundle ? "ok" : s.GetProperty("bundle"))} annotations {annotations} " +
            $"pid alive {pid > 0 && Directory.Exists($"/proc/{pid}")}";
    }

    [Fact]
    public void Delete_force_kills_a_running_container_and_leaves_nothing()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"]);
        var id = $"force-{Environment.ProcessId}";
        var before = Leftovers.Count(id);
        var pidFile = Path.Combine(cli.Scratch, "pid");
        Assert.Equal(0, cli.Run("run", "--detach", "--pid-file", pidFile, "--bundle", bundle.Dir, id).ExitCode);
        var state = cli.State(id)!.Value;
        Assert.Equal("running", state.GetProperty("status").GetString());
        var pid = state.GetProperty("pid").GetInt32();
        Assert.Equal(pid.ToString(), File.ReadAllText(pidFile));
        Assert.Equal("sleep\01000\0", File.ReadAllText($"/proc/{pid}/cmdline"));
        // Handed over, as runc's init is: the supervisor ended once the container ran, so the
        // container is re-parented to its caller's subreaper (an engine's shim), here to init.
        Assert.Equal(0, Leftovers.ProcessesWith(id));
        Assert.NotEqual(Environment.ProcessId, ParentOf(pid));

        var result = cli.Run("delete", "--force", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        // Whoever it was re-parented to reaps it in its own time: gone, or a zombie by now.
        Assert.True(!Directory.Exists($"/proc/{pid}") || StateOf(pid) == 'Z', "the container's process is still alive");
        Assert.False(Directory.Exists(Path.Combine(cli.Root, id)));
        Assert.Equal(before, Leftovers.Count(id));
    }

    /// <summary>containerd and conmon show why the runtime failed from the last record of --log:
    /// runc's JSON, one line per message, the same text as on stderr.</summary>
    [Fact]
    public void A_failed_create_is_logged_as_runcs_json_record()
    {
        using var cli = LifecycleCli.Shim();
        var log = Path.Combine(cli.Scratch, "log.json");
        var missing = Path.Combine(cli.Scratch, "no-bundle");
        var result = cli.Run("--log", log, "--log-format", "json", "create", "--bundle", missing, "logged");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(File.ReadAllLines(log));
        var record = System.Text.Json.JsonDocument.Parse(line).RootElement;
        Assert.Equal("error", record.GetProperty("level").GetString());
        Assert.Equal(result.Stderr.TrimEnd('\n'), record.GetProperty("msg").GetString());
        Assert.Contains($"{missing}/config.json: ENOENT", result.Stderr, StringComparison.Ordinal);
        Assert.True(DateTime.TryParse(record.GetProperty("time").GetString(), out _), line);
        Assert.False(Directory.Exists(Path.Combine(cli.Root, "logged")));
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    private static char StateOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return 'X';
        }
    }

    [Fact]
    public void The_container_ending_by_itself_shows_as_stopped_and_its_output_went_to_creates_stdio()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo out-line; echo err-line >&2; exit 7"]);
        var id = $"ends-{Environment.ProcessId}";
        var output = Path.Combine(cli.Scratch, "container-output");
        // create's stdio become the container's: run create through a shell that points them at a file.
        var create = Runner.Run("/bin/sh", ["-c", $"exec \"$0\" --root {cli.Root} create --bundle {bundle.Dir} {id} >{output} 2>&1 </dev/null", ShimFixture.ShimPath]);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal("", File.ReadAllText(output));
        Assert.Equal(0, cli.Run("start", id).ExitCode);
        Assert.Equal("stopped", cli.WaitForStatus(id, "stopped"));
        Assert.Equal("out-line\nerr-line\n", File.ReadAllText(output));
        Assert.Equal(0, cli.Run("delete", id).ExitCode);
    }

    [Fact]
    public void List_and_ps_show_the_container()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "sleep 1000 & sleep 1000"]);
        var id = $"list-{Environment.ProcessId}";
        Assert.Equal("[]\n", cli.Run("list", "--format", "json").Stdout);
        Assert.Equal(0, cli.Run("run", "-d", "--bundle", bundle.Dir, id).ExitCode);
        var pid = cli.State(id)!.Value.GetProperty("pid").GetInt32();

        var table = cli.Run("list").Stdout.Split('\n');
        Assert.StartsWith("ID", table[0]);
        Assert.Matches($"^{id} +{pid} +running +{bundle.Dir} +20", table[1]);
        var json = JsonDocument.Parse(cli.Run("list", "--format", "json").Stdout).RootElement;
        Assert.Equal(id, json[0].GetProperty("id").GetString());
        Assert.Equal("running", json[0].GetProperty("status").GetString());

        var until = DateTime.UtcNow.AddSeconds(10);
        int[] pids;
        while ((pids = JsonSerializer.Deserialize<int[]>(cli.Run("ps", "--format", "json", id).Stdout)!).Length < 2 && DateTime.UtcNow < until) Thread.Sleep(20);
        Assert.Equal(2, pids.Length); // busybox sh execs its last command: sleep & sleep
        Assert.Contains(pid, pids);
        var ps = cli.Run("ps", id).Stdout;
        Assert.Contains("sleep 1000", ps);
        Assert.Equal(0, cli.Run("kill", "--all", id, "KILL").ExitCode);
        Assert.Equal("stopped", cli.WaitForStatus(id, "stopped"));
        Assert.All(pids, p => Assert.False(Directory.Exists($"/proc/{p}") && File.ReadAllText($"/proc/{p}/cmdline").StartsWith("sleep")));
    }

    [Fact]
    public void Bad_command_lines_and_unknown_containers_exit_1_like_runc()
    {
        using var cli = LifecycleCli.Shim();
        using var runc = new LifecycleCli("runc");
        foreach (var args in new[] { new[] { "start", "nope" }, ["kill", "nope"], ["delete", "nope"], ["state", "nope"], ["ps", "nope"], ["exec", "nope", "true"] })
        {
            var ours = cli.Run(args);
            Assert.Equal(runc.Run(args).ExitCode, ours.ExitCode);
            Assert.Equal($"containerd-shim: nope: container nope does not exist\n", ours.Stderr);
        }
        // Engines clean up a failed create with delete --force: nothing to delete is no error.
        var forced = cli.Run("delete", "--force", "nope");
        Assert.Equal(runc.Run("delete", "--force", "nope").ExitCode, forced.ExitCode);
        Assert.Equal((0, ""), (forced.ExitCode, forced.Stderr));
    }
}
