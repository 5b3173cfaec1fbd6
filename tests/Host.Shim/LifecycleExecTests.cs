using Oci;

namespace Tests.HostShim;

/// <summary><c>exec</c>: a second process inside a running container, in its namespaces, with the
/// process attributes it asks for.</summary>
public sealed class LifecycleExecTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void Exec_runs_inside_the_container_and_returns_its_exit_code()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"], s => s with { Hostname = "exec-box" });
        var id = $"exec-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("run", "-d", "--bundle", bundle.Dir, id).ExitCode);

        var result = cli.Run("exec", "--env", "FOO=bar", "--cwd", "/etc", id, "sh", "-c",
            "hostname; echo $FOO; pwd; cat /proc/1/cmdline | tr '\\0' ' '; echo; grep NoNewPrivs /proc/self/status; id -u; exit 5");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Equal("exec-box\nbar\n/etc\nsleep 1000 \nNoNewPrivs:\t1\n0\n", result.Stdout);
    }

    [Fact]
    public void Exec_with_a_process_file_applies_its_user_and_detach_returns_at_once()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"]);
        var id = $"execp-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("run", "-d", "--bundle", bundle.Dir, id).ExitCode);
        var process = Bundle.Default(fixture.Rootfs, ["sh", "-c", "id -u; id -g; sleep 1000"]).Process! with { User = new User { Uid = 1000, Gid = 1001 } };
        var file = Path.Combine(cli.Scratch, "process.json");
        File.WriteAllBytes(file, OciJson.Serialize(process));

        var pidFile = Path.Combine(cli.Scratch, "exec.pid");
        var result = cli.Run("exec", "--process", file, "--detach", "--pid-file", pidFile, id);

        Assert.True(result.ExitCode == 0, result.ToString());
        var pid = int.Parse(File.ReadAllText(pidFile));
        var status = File.ReadAllLines($"/proc/{pid}/status");
        Assert.Contains("Uid:\t1000\t1000\t1000\t1000", status);
        Assert.Contains("Gid:\t1001\t1001\t1001\t1001", status);
        var ps = cli.Run("ps", "--format", "json", id).Stdout;
        Assert.Contains(pid.ToString(), ps);
        Assert.Equal(0, cli.Run("delete", "--force", id).ExitCode);
    }

    [Fact]
    public void Exec_failures_exit_255_like_runc()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"]);
        var id = $"execx-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("run", "-d", "--bundle", bundle.Dir, id).ExitCode);
        var missing = cli.Run("exec", id, "/no/such");
        Assert.Equal(255, missing.ExitCode);
        Assert.Equal($"containerd-shim: {id}: exec: exec: /no/such: ENOENT (No such file or directory)\n", missing.Stderr);
        Assert.Equal(0, cli.Run("kill", id, "KILL").ExitCode);
        cli.WaitForStatus(id, "stopped");
        var stopped = cli.Run("exec", id, "true");
        Assert.Equal(255, stopped.ExitCode);
        Assert.Equal($"containerd-shim: {id}: cannot exec in a stopped container\n", stopped.Stderr);
    }
}
