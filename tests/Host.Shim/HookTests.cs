using System.Diagnostics;
using System.Text.Json;
using Oci;

namespace Tests.HostShim;

/// <summary>config.json hooks: each kind runs at its point with the state on stdin, its own args and
/// env; a failing or hanging one fails the container and leaves nothing behind.</summary>
public sealed class HookTests(ShimFixture fixture) : IClassFixture<ShimFixture>, IDisposable
{
    private static readonly string[] Kinds = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

    private readonly string _out = Directory.CreateTempSubdirectory("hooks-").FullName;

    /// <summary>Saves its stdin as KIND.json and appends "KIND $HOOKVAR" to order, in directory $D.</summary>
    private static Hook Recorder(string kind, string dir) => new()
    {
        Path = "/bin/sh",
        Args = ["sh", "-c", "cat > \"$D/$K.json\"; echo \"$K $HOOKVAR\" >> \"$D/order\""],
        Env = [$"D={dir}", $"K={kind}", "HOOKVAR=from-env"],
    };

    /// <summary>Every kind records; startContainer runs inside the container, where _out is at /run.</summary>
    private Bundle WithRecorders(string[] args, Func<Hooks, Hooks>? edit = null) => Bundle.Create(fixture.Rootfs, args, s =>
    {
        var hooks = new Hooks
        {
            Prestart = [Recorder("prestart", _out)], CreateRuntime = [Recorder("createRuntime", _out)],
            CreateContainer = [Recorder("createContainer", _out)], StartContainer = [Recorder("startContainer", "/run")],
            Poststart = [Recorder("poststart", _out)], Poststop = [Recorder("poststop", _out)],
        };
        return s with
        {
            Hooks = edit is null ? hooks : edit(hooks),
            Mounts = [.. s.Mounts!, new Mount { Destination = "/run", Type = "bind", Source = _out, Options = ["rbind", "rw"] }],
        };
    });

    [Fact]
    public void Every_kind_runs_in_order_with_its_state_on_stdin_in_a_foreground_run()
    {
        using var bundle = WithRecorders(["true"]);
        var id = $"hooks-run-{Environment.ProcessId}";
        var result = Runner.Shim(bundle.Dir, id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Concat(Kinds.Select(k => $"{k} from-env\n")), File.ReadAllText(Path.Combine(_out, "order")));
        AssertStates(id, bundle.Dir, ["created", "created", "created", "created", "running", "stopped"]);
    }

    [Fact]
    public void Create_start_and_delete_run_the_hooks_at_their_points()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = WithRecorders(["sleep", "1000"]);
        var id = $"hooks-cli-{Environment.ProcessId}";
        var order = Path.Combine(_out, "order");
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, id).ExitCode);
        Assert.Equal("prestart from-env\ncreateRuntime from-env\ncreateContainer from-env\n", File.ReadAllText(order));
        var start = cli.Run("start", id);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("prestart from-env\ncreateRuntime from-env\ncreateContainer from-env\nstartContainer from-env\npoststart from-env\n", File.ReadAllText(order));
        Assert.Equal(0, cli.Run("delete", "--force", id).ExitCode);
        Assert.EndsWith("poststart from-env\npoststop from-env\n", File.ReadAllText(order));
        AssertStates(id, bundle.Dir, ["created", "created", "created", "created", "running", "stopped"]);
    }

    private void AssertStates(string id, string bundle, string[] statuses)
    {
        var pids = new HashSet<int>();
        for (var i = 0; i < Kinds.Length; i++)
        {
            var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, Kinds[i] + ".json"))).RootElement;
            Assert.Equal(id, state.GetProperty("id").GetString());
            Assert.True(statuses[i] == state.GetProperty("status").GetString(), $"{Kinds[i]}: {state}");
            Assert.Equal(bundle, state.GetProperty("bundle").GetString());
            Assert.Equal("1.0.2", state.GetProperty("ociVersion").GetString());
            var pid = state.GetProperty("pid").GetInt32();
            if (statuses[i] == "stopped") Assert.Equal(0, pid); // as runc: no pid once stopped
            else pids.Add(pid);
        }
        Assert.True(pids.Count == 1 && pids.Single() > 0, "every hook sees the container's host pid: " + string.Join(",", pids));
    }

    [Fact]
    public void A_hanging_hook_is_killed_at_its_timeout_and_create_leaves_nothing_behind()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = WithRecorders(["true"], h => h with
        {
            CreateRuntime = [new Hook { Path = "/bin/sleep", Args = ["sleep", "1007"], Timeout = 1 }],
        });
        var id = $"hooks-hang-{Environment.ProcessId}";
        var before = Leftovers.Count(id);
        var clock = Stopwatch.StartNew();
        var result = cli.Run("create", "--bundle", bundle.Dir, id);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"create took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"containerd-shim: {id}: hook: createRuntime[0] /bin/sleep: timed out after 1 s (killed)\n", result.Stderr);
        Assert.Equal(0, Leftovers.ProcessesWith("sleep\01007".Replace('\0', ' ')));
        AssertNothingLeft(cli, id, before);
        Assert.Equal("prestart from-env\n", File.ReadAllText(Path.Combine(_out, "order")));
    }

    [Theory]
    [InlineData("prestart")]
    [InlineData("createContainer")]
    public void A_failing_hook_fails_create_and_leaves_nothing_behind(string kind)
    {
        using var cli = LifecycleCli.Shim();
        var failing = new Hook { Path = "/bin/sh", Args = ["sh", "-c", "exit 3"] };
        using var bundle = WithRecorders(["true"], h => kind == "prestart" ? h with { Prestart = [failing] } : h with { CreateContainer = [Recorder("x", _out), failing] });
        var id = $"hooks-fail-{Environment.ProcessId}";
        var before = Leftovers.Count(id);
        var result = cli.Run("create", "--bundle", bundle.Dir, id);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"containerd-shim: {id}: hook: {kind}[{(kind == "prestart" ? 0 : 1)}] /bin/sh: exit status 3\n", result.Stderr);
        AssertNothingLeft(cli, id, before);
        var foreground = Runner.Shim(bundle.Dir, id);
        Assert.Equal(125, foreground.ExitCode);
    }

    [Fact]
    public void A_failing_startContainer_hook_fails_start_and_a_failing_poststart_hook_only_warns()
    {
        using var cli = LifecycleCli.Shim();
        var failing = new Hook { Path = "/bin/sh", Args = ["sh", "-c", "exit 4"] };
        using var bad = WithRecorders(["sleep", "1000"], h => h with { StartContainer = [failing] });
        var id = $"hooks-start-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("create", "--bundle", bad.Dir, id).ExitCode);
        var start = cli.Run("start", id);
        Assert.Equal(1, start.ExitCode);
        Assert.Equal($"containerd-shim: {id}: hook: startContainer[0] /bin/sh: exit status 4\n", start.Stderr);
        Assert.Equal("stopped", cli.WaitForStatus(id, "stopped"));
        Assert.Equal(0, cli.Run("delete", id).ExitCode);

        using var warn = WithRecorders(["sleep", "1000"], h => h with { Poststart = [failing] });
        Assert.Equal(0, cli.Run("create", "--bundle", warn.Dir, id).ExitCode);
        var started = cli.Run("start", id);
        Assert.Equal(0, started.ExitCode);
        Assert.Equal($"containerd-shim: {id}: warning: hook: poststart[0] /bin/sh: exit status 4\n", started.Stderr);
        Assert.Equal("running", cli.Status(id));
    }

    private static void AssertNothingLeft(LifecycleCli cli, string id, Leftovers before)
    {
        Assert.False(Directory.Exists(Path.Combine(cli.Root, id)), "the state directory is still there");
        var until = DateTime.UtcNow.AddSeconds(5);
        while (Leftovers.Count(id) != before && DateTime.UtcNow < until) Thread.Sleep(20);
        Assert.Equal(before, Leftovers.Count(id));
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
