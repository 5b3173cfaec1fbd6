using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>When /dev is a fresh tmpfs, fills it as runc does: null, zero, full, random, urandom, tty,
/// the /dev/fd and stdio links and ptmx, then the config's linux.devices. mknod where permitted, else
/// a bind of the host's node onto an empty file. Every node is made with mknodat in its parent as the
/// kernel resolved it inside the root (<see cref="RootDirectory"/>), never through a host path.</summary>
internal static class DefaultDevices
{
    private static readonly (string Name, uint Major, uint Minor)[] Nodes =
        [("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0)];

    private static readonly (string Name, string Target)[] Links =
    [
        ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"), ("ptmx", "pts/ptmx"),
    ];

    public static void Run(Stage2Context context)
    {
        if (!context.Setup.DefaultDevices) return;
        using var root = RootDirectory.Open(context.NewRoot);
        var oldMask = Stat.umask(0); // device nodes are 0666 whatever the shim's umask is
        try
        {
            foreach (var (name, major, minor) in Nodes) Node(root, "/dev/" + name, Stat.S_IFCHR | 0x1b6, major, minor, null);
            foreach (var (name, target) in Links) Link(root, "/dev/" + name, target);
            foreach (var d in context.Setup.Devices) Node(root, d.Path, d.Mode, d.Major, d.Minor, d);
        }
        finally
        {
            Stat.umask(oldMask);
        }
    }

    private static void Node(RootDirectory root, string path, uint mode, uint major, uint minor, Protocol.DeviceNode? device)
    {
        var parent = root.OpenDirectory(Path.GetDirectoryName(path)!);
        var name = Path.GetFileName(path);
        try
        {
            if (Stat.mknodat(parent, name, mode, Unistd.makedev(major, minor)) == 0)
            {
                if (device is { Uid: not null } or { Gid: not null }
                    && Unistd.fchownat(parent, name, device.Uid ?? 0, device.Gid ?? 0, Fcntl.AT_SYMLINK_NOFOLLOW) < 0)
                    throw new SysException(SysError.Last($"chown {path} {device.Uid ?? 0}:{device.Gid ?? 0}"));
                return;
            }
            var error = SysError.Last($"mknod {path}");
            if (error.Errno.Value == Errno.EEXIST) return; // the image or an earlier entry has it
            if (error.Errno.Value != Errno.EPERM) throw new SysException(error);
        }
        finally
        {
            Fcntl.close(parent);
        }
        // No CAP_MKNOD: the host's node bound onto an empty file, as runc does in user namespaces.
        var fd = root.OpenFile(path);
        var rc = mount(path, root.Target(fd, path), null, MS_BIND, null);
        var bindError = rc < 0 ? SysError.Last($"bind {path} on {path}") : null;
        Fcntl.close(fd);
        if (bindError is not null) throw new SysException(bindError);
    }

    private static void Link(RootDirectory root, string path, string target)
    {
        var parent = root.OpenDirectory(Path.GetDirectoryName(path)!);
        var rc = Unistd.symlinkat(target, parent, Path.GetFileName(path));
        var error = rc < 0 ? SysError.Last($"symlink {path} -> {target}") : null;
        Fcntl.close(parent);
        if (error is not null && error.Errno.Value != Errno.EEXIST) throw new SysException(error);
    }
}
