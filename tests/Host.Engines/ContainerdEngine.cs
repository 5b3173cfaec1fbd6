namespace Tests.HostEngines;

/// <summary>
/// containerd 1.6 with the CRI plugin off (nothing here is Kubernetes: CriEngine is), driven by ctr,
/// which names the runtime binary per container (<c>ctr run --runc-binary</c>); the busybox image imported.
/// </summary>
public sealed class ContainerdEngine : IDisposable
{
    private readonly ContainerdDaemon _daemon;

    public ContainerdEngine()
    {
        _daemon = new ContainerdDaemon(Directory.CreateTempSubdirectory("containerd-").FullName,
            """disabled_plugins = ["io.containerd.grpc.v1.cri"]""");
        _daemon.Import("default", EngineImage.Archive);
    }

    public string Ctr => _daemon.Ctr;

    public string Address => _daemon.Address;

    public const string Image = "docker.io/" + EngineImage.Name;

    public static string RuntimePath(string runtime) => runtime == "runc" ? Runtimes.Runc : Runtimes.Ours;

    public Cli Client(params string[] args) => _daemon.Ctl("default", args);

    public void Dispose()
    {
        _daemon.Dispose();
        Scratch.RemoveEmptyCgroups("default");
    }
}
