using Oci;
using Pid1.Supervision;
using Serilog.Core;
using Serilog.Events;

namespace Tests.UnitInit;

/// <summary>The supervisor queues the events its effects lead to: a spawn that fails inside the Start
/// transition's Spawn effect is applied after it, as its own row. A bundle without config.json fails to
/// spawn before any process is started, so these run unprivileged and start nothing.</summary>
public sealed class SupervisorQueueTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("supervisor-").FullName;
    private readonly Lines _lines = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceSupervisor Supervisor()
    {
        var log = new Serilog.LoggerConfiguration().WriteTo.Sink(_lines).CreateLogger();
        return new ServiceSupervisor(new EventLoop(log, new ContainerLauncher(log, "/no/such/shim")), log);
    }

    private ContainerBundle Bundle(string kind, string name)
    {
        var dir = Path.Combine(_dir, kind, name);
        Directory.CreateDirectory(dir);
        return new ContainerBundle(kind, dir, name);
    }

    [Fact]
    public void A_service_that_cannot_spawn_backs_off_through_its_own_row()
    {
        var supervisor = Supervisor();
        supervisor.Add(Bundle("services", "web"));
        Assert.Equal(ServiceState.Backoff, supervisor.Find("web")!.State);
        var failed = _lines.IndexOf($"service web: FAILED to start: bundle {_dir}/services/web has no config.json");
        var backoff = _lines.IndexOf("service web: restarting in 1 s (restart 1)");
        Assert.True(failed >= 0 && backoff > failed, string.Join('\n', _lines.All));
    }

    [Fact]
    public void A_run_once_container_that_cannot_spawn_fails_without_a_restart()
    {
        var supervisor = Supervisor();
        var run = new Service(Bundle("onboot", "setup"), new InitPolicy()) { RunOnce = true };
        supervisor.Post(run, ServiceEvent.Start);
        Assert.Equal(ServiceState.Failed, run.State);
        Assert.True(_lines.IndexOf($"onboot setup: FAILED: bundle {_dir}/onboot/setup has no config.json *****") >= 0, string.Join('\n', _lines.All));
        Assert.DoesNotContain(_lines.All, l => l.Contains("restarting", StringComparison.Ordinal));
    }

    /// <summary>A service bundle whose config.json holds only the policy: it passes LoadPolicy, and its spawn
    /// still fails before any process (no process in the spec).</summary>
    private ContainerBundle After(string name, params string[] after)
    {
        var bundle = Bundle("services", name);
        File.WriteAllBytes(Path.Combine(bundle.Dir, "config.json"), OciJson.Serialize(new Spec
        {
            Annotations = new() { [InitPolicyJson.Annotation] = InitPolicyJson.Serialize(new InitPolicy { After = [.. after] }) },
        }));
        return bundle;
    }

    [Fact]
    public void A_service_waiting_for_another_starts_when_asked_and_stops_to_down()
    {
        var supervisor = Supervisor();
        var bundle = After("app", "db");
        supervisor.Add(bundle);
        Assert.Equal(ServiceState.Waiting, supervisor.Find("app")!.State);
        Assert.True(_lines.IndexOf("service app: waiting for db") >= 0, string.Join('\n', _lines.All));
        Assert.True(supervisor.Stop("app"));
        Assert.Equal(ServiceState.Down, supervisor.Find("app")!.State);
    }

    [Fact]
    public void A_service_after_a_failed_onboot_container_stays_down_through_its_row()
    {
        var supervisor = Supervisor();
        supervisor.RecordOnboot("mount", succeeded: false);
        supervisor.RecordOnboot("format", succeeded: true);
        supervisor.Add(After("app", "format", "mount"));
        Assert.Equal(ServiceState.Down, supervisor.Find("app")!.State);
        var waiting = _lines.IndexOf("service app: waiting for format, mount");
        var refused = _lines.IndexOf("service app: not started: onboot mount did not succeed (after: format, mount)");
        Assert.True(waiting >= 0 && refused > waiting, string.Join('\n', _lines.All));
        Assert.DoesNotContain(_lines.All, l => l.Contains("FAILED to start", StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_after_a_succeeded_onboot_container_starts_at_once()
    {
        var supervisor = Supervisor();
        supervisor.RecordOnboot("mount", succeeded: true);
        supervisor.Add(After("app", "mount"));
        // Its spawn was tried (and failed: the spec has no process), so it left Waiting through DependenciesReady.
        Assert.Equal(ServiceState.Backoff, supervisor.Find("app")!.State);
        Assert.Contains(_lines.All, l => l.StartsWith("service app: FAILED to start: ", StringComparison.Ordinal));
        Assert.DoesNotContain(_lines.All, l => l.Contains("not started", StringComparison.Ordinal));
    }

    private sealed class Lines : ILogEventSink
    {
        private readonly List<string> _all = [];

        public IReadOnlyList<string> All => _all;

        // {Message:lj}: strings as they are, the way the console sink prints them.
        private readonly Serilog.Formatting.Display.MessageTemplateTextFormatter _format = new("{Message:lj}");

        public void Emit(LogEvent logEvent)
        {
            var text = new StringWriter();
            _format.Format(logEvent, text);
            _all.Add(text.ToString());
        }

        public int IndexOf(string line) => _all.IndexOf(line);
    }
}
