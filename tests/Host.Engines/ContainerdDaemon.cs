namespace Tests.HostEngines;

/// <summary>
/// Debian's containerd 1.6 with its own config, root, state and sockets under a temporary directory;
/// <paramref name="plugins"/> is the TOML the caller adds (the CRI plugin's section, or the line that
/// turns it off). Images are imported offline with ctr; what the tests left running is killed and
/// deleted, namespace by namespace, before the daemon ends. The build's binaries are on containerd's PATH
/// (last), where it finds our v2 shim for the runtime <c>io.containerd.cinit.v1</c>.
/// </summary>
internal sealed class ContainerdDaemon : IDisposable
{
    private readonly Daemon _daemon;

    public ContainerdDaemon(string dir, string plugins)
    {
        Dir = dir;
        var containerd = Cli.Need("/usr/bin/containerd", "containerd");
        Ctr = Cli.Need("/usr/bin/ctr", "containerd");
        Address = Path.Combine(dir, "containerd.sock");
        var config = Path.Combine(dir, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{dir}/root"
            state = "{dir}/state"
            {plugins}
            [grpc]
              address = "{Address}"
            [ttrpc]
              address = "{Address}.ttrpc"
            [debug]
              address = "{dir}/debug.sock"
            """);
        _daemon = Daemon.Start(containerd, ["--config", config], Path.Combine(dir, "containerd.log"),
            () => File.Exists(Address) && Ctl("default", "version").ExitCode == 0,
            new Dictionary<string, string> { ["PATH"] = $"{Environment.GetEnvironmentVariable("PATH")}:{Tests.Common.RepoPaths.Bin}" });
    }

    public string Dir { get; }

    public string Ctr { get; }

    public string Address { get; }

    public Cli Ctl(string ns, params string[] args) => Cli.Run(Ctr, ["-a", Address, "-n", ns, .. args]);

    public string Log() => _daemon.Log();

    public void Import(string ns, string archive)
    {
        var import = Ctl(ns, "images", "import", archive);
        if (import.ExitCode != 0) throw new InvalidOperationException($"ctr -n {ns} images import {archive} failed:\n{import}\n{Log()}");
    }

    public void Dispose()
    {
        foreach (var ns in Ctl("default", "namespaces", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var task in Ctl(ns, "tasks", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Ctl(ns, "tasks", "kill", "-s", "KILL", task);
                Ctl(ns, "tasks", "delete", "-f", task);
            }
            foreach (var container in Ctl(ns, "containers", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Ctl(ns, "containers", "rm", container);
        }
        _daemon.Dispose();
        Scratch.Remove(Dir);
    }
}
