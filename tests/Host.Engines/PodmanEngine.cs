namespace Tests.HostEngines;

/// <summary>
/// Debian's podman (4.3, conmon) with private --root, --runroot and tmpdir, cgroupfs (there is no
/// systemd here), file events, and the busybox image loaded. Every run passes --ulimit for nofile and
/// nproc within this host's hard limits: podman's defaults raise them, which needs CAP_SYS_RESOURCE,
/// and this machine's bounding set lacks it (runc fails the same way without them).
/// </summary>
public sealed class PodmanEngine : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podman-").FullName;

    public PodmanEngine()
    {
        Program = Cli.Need("/usr/bin/podman", "podman");
        var load = Podman("load", "-i", EngineImage.Archive);
        if (load.ExitCode != 0) throw new InvalidOperationException($"podman load failed:\n{load}");
    }

    public string Program { get; }

    public static string RuntimePath(string runtime) => runtime == "runc" ? Runtimes.Runc : Runtimes.Ours;

    public string[] Globals =>
        ["--root", Path.Combine(_dir, "root"), "--runroot", Path.Combine(_dir, "run"), "--tmpdir", Path.Combine(_dir, "tmp"),
         "--cgroup-manager", "cgroupfs", "--events-backend", "file"];

    public static string[] Limits => ["--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--network", "none"];

    public Cli Podman(params string[] args) => Cli.Run(Program, [.. Globals, .. args]);

    public Cli With(string runtime, params string[] args) => Cli.Run(Program, [.. Globals, "--runtime", RuntimePath(runtime), .. args]);

    public Cli WithInput(string stdin, string runtime, params string[] args) =>
        Cli.Run(Program, [.. Globals, "--runtime", RuntimePath(runtime), .. args], stdin);

    public void Dispose()
    {
        Podman("rm", "-af", "-t", "0");
        Scratch.Remove(_dir);
        Scratch.RemoveEmptyCgroups("libpod_parent");
    }
}
