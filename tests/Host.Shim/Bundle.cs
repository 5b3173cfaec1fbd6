using Oci;

namespace Tests.HostShim;

/// <summary>A bundle directory with a config.json close to runc's default spec, around a shared rootfs.</summary>
internal sealed class Bundle : IDisposable
{
    public static readonly List<string> DefaultCaps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];

    public string Dir { get; } = Directory.CreateTempSubdirectory("bundle-").FullName;

    public static Bundle Create(string rootfs, string[] args, Func<Spec, Spec>? edit = null)
    {
        var bundle = new Bundle();
        var spec = Default(rootfs, args);
        if (edit is not null) spec = edit(spec);
        File.WriteAllBytes(Path.Combine(bundle.Dir, "config.json"), OciJson.Serialize(spec));
        return bundle;
    }

    public static Spec Default(string rootfs, string[] args) => new()
    {
        Process = new Process
        {
            Args = [.. args],
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            Cwd = "/",
            Capabilities = new Capabilities { Bounding = DefaultCaps, Effective = DefaultCaps, Permitted = DefaultCaps, Ambient = DefaultCaps },
            Rlimits = [new Rlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
            NoNewPrivileges = true,
        },
        Root = new Root { Path = rootfs, Readonly = true },
        Hostname = "shimtest",
        Mounts =
        [
            new() { Destination = "/proc", Type = "proc", Source = "proc" },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
        ],
        Linux = new LinuxSection
        {
            Namespaces = [new() { Type = "pid" }, new() { Type = "network" }, new() { Type = "ipc" }, new() { Type = "uts" }, new() { Type = "mount" }],
            MaskedPaths = ["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware", "/proc/scsi"],
            ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
        },
    };

    public static Spec WithoutPidNamespace(Spec spec) => spec with
    {
        Linux = spec.Linux! with { Namespaces = [.. spec.Linux!.Namespaces!.Where(n => n.Type != "pid")] },
    };

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
