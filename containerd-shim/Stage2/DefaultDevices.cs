using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>When /dev is a fresh tmpfs, fills it as runc does: null, zero, full, random, urandom, tty,
/// the /dev/fd and stdio links and ptmx, then the config's linux.devices. mknod where permitted, else
/// a bind of the host's node onto an empty file.</summary>
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
        var mounts = context.Config.Spec.Mounts ?? [];
        if (!mounts.Any(m => m.Destination.TrimEnd('/') == "/dev" && m.Type == "tmpfs")) return;
        var dev = RootPath.Resolve(context.NewRoot, "/dev");
        var oldMask = Stat.umask(0); // device nodes are 0666 whatever the shim's umask is
        try
        {
            foreach (var (name, major, minor) in Nodes) Node($"{dev}/{name}", Stat.S_IFCHR | 0x1b6, major, minor, "/dev/" + name);
            foreach (var (name, target) in Links)
                if (!Exists($"{dev}/{name}")) File.CreateSymbolicLink($"{dev}/{name}", target);
            foreach (var d in context.Config.Spec.Linux?.Devices ?? [])
            {
                var kind = d.Type switch { "c" or "u" => Stat.S_IFCHR, "b" => Stat.S_IFBLK, "p" => Stat.S_IFIFO, _ => 0u };
                if (kind == 0) throw new SysException(SysError.Plain($"linux.devices {d.Path}: unknown type \"{d.Type}\""));
                var path = RootPath.Resolve(context.NewRoot, d.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                Node(path, kind | (d.FileMode ?? 0x1b6), (uint)d.Major, (uint)d.Minor, d.Path);
            }
        }
        finally
        {
            Stat.umask(oldMask);
        }
    }

    private static void Node(string path, uint mode, uint major, uint minor, string hostPath)
    {
        if (Exists(path)) return;
        if (Stat.mknod(path, mode, Unistd.makedev(major, minor)) == 0) return;
        var error = SysError.Last($"mknod {path}");
        if (error.Errno.Value != Errno.EPERM) throw new SysException(error);
        File.Create(path).Dispose();
        if (mount(hostPath, path, null, MS_BIND, null) < 0)
            throw new SysException(SysError.Last($"bind {hostPath} on {path}"));
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
