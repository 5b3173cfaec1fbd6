using Oci;

namespace Builder.Bundles;

/// <summary>
/// The mounts and masked/read-only paths of runc's default spec (<c>runc spec</c>), which LinuxKit also
/// starts from. Without /dev/mqueue, as LinuxKit: containers share the host's ipc namespace by default, and its
/// mqueue mounted again where a <c>/dev:/dev</c> bind already brought it fails with EBUSY. Fresh lists on each call: specs are per container and must not share mutable state.
/// </summary>
internal static class RuntimeDefaults
{
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static List<Mount> Mounts() =>
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc" },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
        new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
    ];

    public static List<string> MaskedPaths() =>
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ];

    public static List<string> ReadonlyPaths() =>
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];
}
