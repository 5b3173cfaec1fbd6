namespace Tests.HostEngines;

/// <summary>
/// Debian's dockerd (docker.io 20.10) with private data-root, exec-root, pidfile and socket, no
/// iptables or bridge (the host's network is left alone), our runtime added as "cinit" next to its
/// runc (<c>--add-runtime</c>), and the busybox image loaded. Its exec-root is deep enough that
/// <c>ROOT/ID/shim.sock</c> is longer than sun_path's 108 bytes, as Docker's default is.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("docker-").FullName;
    private readonly Daemon _daemon;

    public DockerEngine()
    {
        var dockerd = Cli.Need("/usr/sbin/dockerd", "docker.io");
        Client = Cli.Need("/usr/bin/docker", "docker.io");
        var socket = Path.Combine(_dir, "docker.sock");
        Host = "unix://" + socket;
        ExecRoot = Path.Combine(_dir, "exec");
        _daemon = Daemon.Start(dockerd,
            ["--data-root", Path.Combine(_dir, "data"), "--exec-root", ExecRoot, "--pidfile", Path.Combine(_dir, "docker.pid"),
             "-H", Host, "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none",
             "--add-runtime", "cinit=" + Runtimes.Ours],
            Path.Combine(_dir, "dockerd.log"),
            () => File.Exists(socket) && Docker("version").ExitCode == 0);
        var load = Docker("load", "-i", EngineImage.Archive);
        if (load.ExitCode != 0) throw new InvalidOperationException($"docker load failed:\n{load}\n{_daemon.Log()}");
    }

    public string Client { get; }

    public string Host { get; }

    public string ExecRoot { get; }

    /// <summary>runc is dockerd's own; ours was added as "cinit".</summary>
    public static string RuntimeName(string runtime) => runtime == "runc" ? "runc" : "cinit";

    public Cli Docker(params string[] args) => Cli.Run(Client, ["-H", Host, .. args]);

    public Cli DockerWithInput(string stdin, params string[] args) => Cli.Run(Client, ["-H", Host, .. args], stdin);

    public string DaemonLog() => _daemon.Log();

    public void Dispose()
    {
        var left = Docker("ps", "-aq").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (left.Length > 0) Docker(["rm", "-f", .. left]);
        _daemon.Dispose();
        Scratch.Remove(_dir);
        Scratch.RemoveEmptyCgroups("docker");
    }
}
