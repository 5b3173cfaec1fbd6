using Linux;
using Linux.Native;
using Shim.Protocol;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>
/// A <c>cgroup</c> entry of mounts[] (Docker, podman and containerd all ask for one at /sys/fs/cgroup):
/// the container sees its own cgroups, so its limits are what it reads, as runc shows them. Stage 2 has
/// joined the container's cgroups by now. On cgroup v1 (and hybrid) a tmpfs gets, per hierarchy mounted
/// under the host's /sys/fs/cgroup, a bind of the container's own directory in it under the same name
/// (memory, cpu,cpuacct, unified, systemd) and the host's symlinks (cpu -> cpu,cpuacct); with a cgroup
/// namespace on v2, cgroup2 itself (its root is the namespace's); without one, the host's tree, as
/// runc's cgroup2 mount shows it then.
/// The entry's ro/nosuid/nodev/noexec apply to every part.
/// </summary>
internal static class CgroupMount
{
    private const string HostMount = "/sys/fs/cgroup";

    public static void Run(Stage2Context context, RootDirectory root, string dest, Oci.MountArguments options)
    {
        // The legacy view binds the container's own cgroup directories; both views show where stage 2 is.
        context.AwaitCgroup();
        var flags = options.Flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
        var binds = new Oci.MountArguments(MS_BIND | MS_REC | flags, options.Propagation, "");
        var view = context.Setup.Cgroup;
        switch (view.Kind)
        {
            case CgroupViewKind.Legacy:
                MountLegacy(root, dest, flags, binds, view);
                return;
            case CgroupViewKind.Cgroup2:
                var fd = root.OpenDirectory(dest);
                var rc = mount("cgroup2", root.Target(fd, dest), "cgroup2", flags, null);
                var error = rc < 0 ? SysError.Last($"mount cgroup2 on {dest}") : null;
                Fcntl.close(fd);
                if (error is not null) throw new SysException(error);
                return;
            default:
                // cgroup2 without a cgroup namespace shows the whole tree, as runc's cgroup2 mount does.
                MountEntries.Bind(root, HostMount, dest, new Oci.MountArguments(options.Flags | MS_BIND | MS_REC, options.Propagation, ""));
                return;
        }
    }

    private static void MountLegacy(RootDirectory root, string dest, ulong flags, Oci.MountArguments binds, CgroupView view)
    {
        var fd = root.OpenDirectory(dest);
        var rc = mount("tmpfs", root.Target(fd, dest), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
        var error = rc < 0 ? SysError.Last($"mount tmpfs on {dest}") : null;
        Fcntl.close(fd);
        if (error is not null) throw new SysException(error);
        foreach (var (name, directory) in view.Binds) MountEntries.Bind(root, directory, $"{dest}/{name}", binds);
        CopySymlinks(root, dest, view);
        if ((flags & MS_RDONLY) != 0)
            MountEntries.OnMount(root, dest, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, $"remount {dest} read-only");
    }

    /// <summary>The host's cpu -> cpu,cpuacct style links, so paths written for either name work.</summary>
    private static void CopySymlinks(RootDirectory root, string dest, CgroupView view)
    {
        if (view.Links.Count == 0) return;
        var fd = root.OpenDirectory(dest);
        try
        {
            foreach (var (name, target) in view.Links)
                if (Unistd.symlinkat(target, fd, name) < 0) throw new SysException(SysError.Last($"symlink {dest}/{name} -> {target}"));
        }
        finally
        {
            Fcntl.close(fd);
        }
    }
}
