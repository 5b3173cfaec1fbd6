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

    /// <summary>The STATUS column of <c>ctr tasks ls</c> for that task, "(none)" when it is not listed.</summary>
    public string Status(string name) =>
        Client("tasks", "ls").Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length >= 3 && f[0] == name)?[2] ?? "(none)";

    /// <summary>SIGKILLs the task and returns its status once STOPPED, or the last one seen after 20 s.</summary>
    public string KillAndWaitStopped(string name)
    {
        Client("tasks", "kill", "-s", "KILL", name);
        var until = DateTime.UtcNow.AddSeconds(20);
        string status;
        while ((status = Status(name)) != "STOPPED" && DateTime.UtcNow < until) Thread.Sleep(100);
        return status;
    }

    /// <summary>"deleted" when both the stopped task and its container were removed, else "not deleted".</summary>
    public string DeleteStopped(string name) =>
        Client("tasks", "delete", name).ExitCode == 0 && Client("containers", "rm", name).ExitCode == 0 ? "deleted" : "not deleted";

    /// <summary>A test's cleanup: kills the task, retries its delete for up to 20 s while it stops, removes the container.</summary>
    public void Remove(string name)
    {
        Client("tasks", "kill", "-s", "KILL", name);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Client("tasks", "delete", name).ExitCode != 0 && DateTime.UtcNow < until) Thread.Sleep(100);
        Client("containers", "rm", name);
    }

    public void Dispose()
    {
        _daemon.Dispose();
        Scratch.RemoveEmptyCgroups("default");
    }
}
