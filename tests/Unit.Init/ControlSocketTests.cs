using System.Diagnostics;
using Pid1.Control;
using Pid1.Supervision;
using Tests.Common;

namespace Tests.UnitInit;

/// <summary>
/// The real control server on a socket in a temp dir, with a real event loop answering, and the real
/// client: out/bin/containerd-shim called through a symlink named initctl (the multi-call dispatch).
/// </summary>
public sealed class ControlSocketTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cinit-control-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Initctl_talks_to_the_server_through_the_event_loop()
    {
        var initctl = Path.Combine(_dir, "initctl");
        File.CreateSymbolicLink(initctl, RepoPaths.Binary("containerd-shim"));
        var socket = Path.Combine(_dir, "cinit.sock");
        var log = new Serilog.LoggerConfiguration().CreateLogger();
        var loop = new EventLoop(log, new ContainerLauncher(log));
        var services = new ServiceSupervisor(loop, log);
        new ControlServer(loop.Events, new ControlCommands(services, loop.Events), log).Start(socket);
        var pump = Task.Run(() => loop.WaitUntilAsync(() => loop.PendingShutdown is not null, TimeSpan.FromSeconds(60)));

        if (Environment.UserName != "root")
        {
            Assert.Equal((1, "", "initctl: permission denied: uid"), Trim(Run(initctl, socket, "list")));
            return;
        }
        Assert.Equal((0, "NAME  STATE  PID  RESTARTS  UPTIME  LAST-EXIT\n", ""), Run(initctl, socket, "list"));
        Assert.Equal((0, "[]\n", ""), Run(initctl, socket, "--json", "list"));
        Assert.Equal((1, "", "initctl: no service named 'web'\n"), Run(initctl, socket, "status", "web"));
        Assert.Equal((1, "", "initctl: unknown command 'frob'; usage: initctl"), Trim(Run(initctl, socket, "frob")));
        Assert.Equal((1, "", "initctl: logs nosuch: /var/log/nosuch.log does not exist (no such container, or no output yet)\n"), Run(initctl, socket, "logs", "nosuch"));
        Assert.Equal((2, "", "usage: initctl"), Trim(Run(initctl, socket)));
        Assert.Null(loop.PendingShutdown);
        Assert.Equal((0, "poweroff: requested\n", ""), Run(initctl, socket, "poweroff"));
        Assert.True(await pump, "the poweroff request should reach the event loop");
        Assert.Equal(new ShutdownRequested(ShutdownKind.PowerOff, "control client"), loop.PendingShutdown);
    }

    [Fact]
    public void Initctl_without_a_socket_says_what_is_missing()
    {
        var initctl = Path.Combine(_dir, "initctl");
        File.CreateSymbolicLink(initctl, RepoPaths.Binary("containerd-shim"));
        var missing = Path.Combine(_dir, "none.sock");
        Assert.Equal((1, "", $"initctl: connect to {missing}: ENOENT (No such file or directory) (is init's control socket bound into this container?)\n"),
            Run(initctl, missing, "list"));
    }

    /// <summary>exec asks init through the same client (ControlClient.Query): the same errno and hint.</summary>
    [Fact]
    public void Initctl_exec_without_a_socket_says_what_is_missing()
    {
        var initctl = Path.Combine(_dir, "initctl");
        File.CreateSymbolicLink(initctl, RepoPaths.Binary("containerd-shim"));
        var missing = Path.Combine(_dir, "none.sock");
        Assert.Equal((255, "", $"initctl: exec web: connect to {missing}: ENOENT (No such file or directory) (is init's control socket bound into this container?)\n"),
            Run(initctl, missing, "exec", "web", "true"));
    }

    private static (int, string, string) Trim((int Code, string Out, string Err) r) =>
        (r.Code, r.Out, r.Err.Length > 0 && r.Err.Contains("usage: initctl") ? r.Err[..(r.Err.IndexOf("usage: initctl", StringComparison.Ordinal) + 14)]
            : r.Err.StartsWith("initctl: permission denied: uid", StringComparison.Ordinal) ? "initctl: permission denied: uid" : r.Err);

    private static (int Code, string Out, string Err) Run(string initctl, string socket, params string[] args)
    {
        var psi = new ProcessStartInfo(initctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CINIT_SOCKET"] = socket;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); Assert.Fail($"initctl {string.Join(' ', args)} did not finish in 30 s"); }
        return (p.ExitCode, output, err.Result);
    }
}
