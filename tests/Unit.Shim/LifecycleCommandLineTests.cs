using Shim;
using Shim.Runtime;

namespace Tests.UnitShim;

/// <summary>runc's command line: global options, each verb's options and words, and the refusals.</summary>
public sealed class LifecycleCommandLineTests
{
    [Theory]
    [InlineData("create --bundle /b --pid-file /p c1", "create", "c1", "/run/containerd-shim")]
    [InlineData("--root /r create -b /b c1", "create", "c1", "/r")]
    [InlineData("--root=/r --log /l --log-format json --debug --systemd-cgroup start c1", "start", "c1", "/r")]
    [InlineData("state c1", "state", "c1", "/run/containerd-shim")]
    [InlineData("delete --force c1", "delete", "c1", "/run/containerd-shim")]
    [InlineData("run -d --bundle /b c1", "run", "c1", "/run/containerd-shim")]
    public void Verbs_read_like_runcs(string args, string verb, string id, string root)
    {
        var parsed = CommandLine.Parse(args.Split(' '), out var error);
        Assert.Null(error);
        Assert.Equal((verb, id, root), (parsed!.Command, parsed.Id, parsed.Root));
    }

    [Fact]
    public void Options_land_where_they_belong()
    {
        var create = CommandLine.Parse(["create", "--bundle=/b", "--pid-file", "/p", "--console-socket", "/s", "--preserve-fds", "2", "c1"], out _)!;
        Assert.Equal(("/b", "/p", "/s", 2), (create.Bundle, create.PidFile, create.ConsoleSocket, create.PreserveFds));
        var kill = CommandLine.Parse(["kill", "--all", "c1", "KILL"], out _)!;
        Assert.Equal((true, "KILL"), (kill.All, kill.Rest[0]));
        var run = CommandLine.Parse(["run", "--detach", "-b", "/b", "c1"], out _)!;
        Assert.True(run.Detach);
        var list = CommandLine.Parse(["list", "-f", "json"], out _)!;
        Assert.Equal("json", list.Format);
    }

    [Fact]
    public void Log_options_and_the_engines_verbs_are_read()
    {
        var logged = CommandLine.Parse(["--log", "/l.json", "--log-format=json", "--systemd-cgroup", "create", "--bundle", "/b", "c1"], out _)!;
        Assert.Equal(("/l.json", true, true), (logged.LogFile, logged.LogJson, logged.SystemdCgroup));
        Assert.Equal(["--root", "/run/containerd-shim", "--log", "/l.json", "--log-format", "json"], logged.GlobalArgs());
        var update = CommandLine.Parse(["update", "--resources", "-", "--memory=64m", "--pids-limit", "9", "c1"], out _)!;
        Assert.Equal([("--resources", "-"), ("--memory", "64m"), ("--pids-limit", "9")], update.Settings);
        var events = CommandLine.Parse(["events", "--stats", "c1"], out _)!;
        Assert.Equal([("--stats", "")], events.Settings);
        Assert.Equal("pause", CommandLine.Parse(["pause", "c1"], out _)!.Command);
        Assert.Equal("resume", CommandLine.Parse(["resume", "c1"], out _)!.Command);
        Assert.Equal("features", CommandLine.Parse(["features"], out _)!.Command);
        Assert.Equal("version", CommandLine.Parse(["--version"], out _)!.Command);
    }

    /// <summary>The internal supervise, as create starts it and (with --reserve) as the containerd v2 shim does.</summary>
    [Fact]
    public void Supervise_takes_its_four_words_and_reserve()
    {
        var byShim = CommandLine.Parse(["--root", "/r", "supervise", "--reserve", "--console-socket", "/s", "c1", "/b", "0", "3"], out var error)!;
        Assert.Null(error);
        Assert.Equal(("c1", "/b", true, "/s", "/b 0 3"), (byShim.Id, byShim.Bundle, byShim.Reserve, byShim.ConsoleSocket, string.Join(' ', byShim.Rest)));
        Assert.False(CommandLine.Parse(["supervise", "c1", "/b", "2", "5"], out _)!.Reserve);
        Assert.Null(CommandLine.Parse(["supervise", "--reserve", "c1", "/b", "0"], out error));
        Assert.Contains("ID BUNDLE PRESERVE-FDS REPORT-FD", error, StringComparison.Ordinal);
        Assert.Null(CommandLine.Parse(["create", "--reserve", "c1"], out error));
        Assert.Contains("unknown option --reserve", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exec_takes_everything_after_the_id_as_the_command()
    {
        var exec = CommandLine.Parse(["exec", "-e", "A=1", "--cwd", "/tmp", "-u", "5:6", "c1", "sh", "-c", "echo -n hi"], out var error)!;
        Assert.Null(error);
        Assert.Equal(["sh", "-c", "echo -n hi"], exec.Rest);
        Assert.Equal(["A=1"], exec.Env);
        Assert.Equal(("/tmp", "5:6"), (exec.Cwd, exec.User));
    }

    [Theory]
    [InlineData("start", "a container ID without '/' is required")]
    [InlineData("start c1 c2", "unexpected argument c2")]
    [InlineData("kill c1 TERM extra", "unexpected argument extra")]
    [InlineData("delete --all c1", "unknown option --all")]
    [InlineData("list -f yaml", "--format must be table or json, not \"yaml\"")]
    [InlineData("exec c1", "exec needs --process FILE or a command after the ID")]
    [InlineData("--nope start c1", "unknown global option --nope")]
    [InlineData("--root", "--root needs a value")]
    [InlineData("--log-format yaml start c1", "--log-format must be text or json, not \"yaml\"")]
    [InlineData("update --memory", "--memory needs a value")]
    [InlineData("features c1", "features takes no arguments")]
    public void Bad_lifecycle_command_lines_say_why(string args, string expected)
    {
        Assert.Null(CommandLine.Parse(args.Split(' '), out var error));
        Assert.StartsWith(expected, error);
    }

    [Theory]
    [InlineData("9", 9)]
    [InlineData("0", 0)]
    [InlineData("KILL", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("term", 15)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("SIGNOPE", null)]
    [InlineData("-1", null)]
    [InlineData("65", null)]
    public void Signals_are_names_or_numbers(string text, int? expected) => Assert.Equal(expected, SignalNames.Parse(text));
}
