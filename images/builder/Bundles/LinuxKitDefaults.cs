using Oci;

namespace Builder.Bundles;

/// <summary>
/// LinuxKit's defaults (its moby/config.go), for containers whose image is a LinuxKit package, i.e. carries an
/// <c>org.mobyproject.config</c> label: no capabilities, no masked or read-only paths, and its mounts: Docker's
/// /proc options, /sys read-write unless the container is <c>readonly</c>, /dev read-write, /dev/pts without gid=5, a
/// read-only /sys/fs/cgroup and no /dev/shm. Such a package says in its label what it needs (LinuxKit's sysctl
/// package asks for CAP_SYS_ADMIN and then writes /proc/sys, which runc's read-only paths would forbid).
/// </summary>
internal static class LinuxKitDefaults
{
    public static List<Mount> Mounts(bool readOnly)
    {
        List<string> sys = ["nosuid", "noexec", "nodev"];
        if (readOnly) sys.Add("ro");
        // LinuxKit also makes /dev ro for a readonly container; runc then mounts it rw and remounts it ro after
        // /dev/pts is made below it. Our runtime mounts it as asked, so /dev/pts could not be made: it stays rw.
        List<string> dev = ["nosuid", "strictatime", "mode=755", "size=65536k"];
        return
        [
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "nodev", "noexec", "relatime"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = dev },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = sys },
            new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
        ];
    }
}
