using Builder.Tree;

namespace Builder.Assembly;

/// <summary>
/// What every initramfs holds whatever the YAML says. The device nodes must exist before /init runs:
/// the kernel opens /dev/console for init's stdio, and the .NET runtime opens /dev/urandom and
/// /dev/null before devtmpfs is mounted and remembers a failure forever. /etc/resolv.conf is a link into
/// /run/resolvconf, as in LinuxKit's root, so a DHCP client bound there writes the host's resolver file
/// (init makes the directory and an empty file at boot).
/// </summary>
internal static class BaseLayout
{
    private static readonly string[] Directories = ["dev", "proc", "sys", "run", "var", "etc", Oci.ImagePaths.InRoot(Oci.ImagePaths.Containers)];

    public static void AddDirectories(FsTree root)
    {
        foreach (var dir in Directories) root.EnsureDirectory(dir);
        root.EnsureDirectory("tmp").Mode = 0x3FF; // 1777: sticky, world-writable
        root.Put("etc/resolv.conf", FsNode.Symlink(Oci.ImagePaths.ResolvConf));
    }

    public static void AddDeviceNodes(FsTree root)
    {
        root.Put("dev/console", FsNode.Special(NodeKind.CharDevice, 0x180, 5, 1)); // 0600
        root.Put("dev/null", FsNode.Special(NodeKind.CharDevice, 0x1B6, 1, 3)); // 0666
        root.Put("dev/urandom", FsNode.Special(NodeKind.CharDevice, 0x1B6, 1, 9)); // 0666
    }
}
