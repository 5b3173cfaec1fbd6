namespace Tests.HostEngines;

/// <summary>
/// Debian's containerd 1.6 with its own config, root, state and sockets under a temporary directory
/// (the CRI plugin off: nothing here is Kubernetes), driven by ctr, which names the runtime binary per
/// container (<c>ctr run --runc-binary</c>); the busybox image imported.
/// </summary>
public sealed class ContainerdEngine : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("containerd-").FullName;
    private readonly Daemon _daemon;

    public ContainerdEngine()
    {
        var containerd = Cli.Need("/usr/bin/containerd", "containerd");
        Ctr = Cli.Need("/usr/bin/ctr", "containerd");
        Address = Path.Combine(_dir, "containerd.sock");
        var config = Path.Combine(_dir, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{_dir}/root"
            state = "{_dir}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{Address}"
            [ttrpc]
              address = "{Address}.ttrpc"
            [debug]
              address = "{_dir}/debug.sock"
            """);
        _daemon = Daemon.Start(containerd, ["--config", config], Path.Combine(_dir, "containerd.log"),
            () => File.Exists(Address) && Client("version").ExitCode == 0);
        var import = Client("images", "import", EngineImage.Archive);
        if (import.ExitCode != 0) throw new InvalidOperationException($"ctr images import failed:\n{import}\n{_daemon.Log()}");
    }

    public string Ctr { get; }

    public string Address { get; }

    public const string Image = "docker.io/" + EngineImage.Name;

    public static string RuntimePath(string runtime) => runtime == "runc" ? Runtimes.Runc : Runtimes.Ours;

    public Cli Client(params string[] args) => Cli.Run(Ctr, ["-a", Address, .. args]);

    public void Dispose()
    {
        foreach (var task in Client("tasks", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Client("tasks", "kill", "-s", "KILL", task);
            Client("tasks", "delete", "-f", task);
        }
        foreach (var container in Client("containers", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Client("containers", "rm", container);
        _daemon.Dispose();
        Scratch.Remove(_dir);
        Scratch.RemoveEmptyCgroups("default");
    }
}
