using Builder.Initramfs;
using Builder.Tree;

namespace Builder.Formats;

/// <summary>
/// kernel+squashfs: the root as NAME-squashfs.img, a squashfs made by mksquashfs (squashfs-tools) from a
/// tar of the tree on its stdin (<c>-tar</c>: owners, modes and device nodes come from the tar, so no root
/// and nothing unpacked on the host; <c>-reproducible</c>, <c>SOURCE_DATE_EPOCH</c> for the creation time and
/// mtime 0 in the tar make it the same bytes every build), and NAME-squashfs-initrd.img, an initramfs with only what init needs to
/// reach the squashfs: /init, /dev, the kernel's modules and the marker that tells init to switch to it
/// (init/Boot/MountSquashfsRoot.cs). The squashfs is given to the machine as a disk, as LinuxKit does.
/// </summary>
internal static class SquashfsRoot
{
    public static readonly string Marker = Oci.ImagePaths.InRoot(Oci.ImagePaths.SquashfsRootMarker);
    private static readonly HostTool Mksquashfs = new("mksquashfs", "squashfs-tools");
    private static readonly string[] InitramfsPaths = ["init", "dev", "lib/modules"];
    private static readonly string[] MountPoints = ["proc", "sys", "run", "tmp", "var"];

    /// <summary>Writes both files into STAGING; returns (staged file, output file name).</summary>
    public static List<(string, string)> Write(FsNode root, string name, string staging, long epoch)
    {
        Mksquashfs.Locate();
        var tar = Path.Combine(staging, "root.tar");
        using (var file = File.Create(tar)) WriteTar(root, file);
        var image = Path.Combine(staging, "squashfs.img");
        // SOURCE_DATE_EPOCH (HostTool sets it) fixes the creation time; mksquashfs refuses -mkfs-time beside it.
        Mksquashfs.RunWithInput(epoch, staging, tar, "-", image, "-tar", "-reproducible", "-noappend", "-no-progress",
            "-root-mode", Convert.ToString(root.Mode & 0xFFF, 8));
        File.Delete(tar);
        var initrd = Path.Combine(staging, "squashfs-initrd.img");
        using (var file = File.Create(initrd)) InitramfsPacker.WriteGzip(SmallRoot(root), file);
        return [(image, $"{name}-squashfs.img"), (initrd, $"{name}-squashfs-initrd.img")];
    }

    private static FsNode SmallRoot(FsNode root)
    {
        var full = new FsTree(root);
        var small = new FsTree();
        foreach (var path in InitramfsPaths)
            if (full.Find(path) is { } node) small.Put(path, node);
        foreach (var dir in MountPoints) small.EnsureDirectory(dir);
        small.Put(Marker, FsNode.File(new BytesContent("squashfs\n"u8.ToArray()), 0x1A4));
        return small.Root;
    }

    /// <summary>The one tree-to-tar walk (Packages/LayerTarWriter), in the header style mksquashfs -tar takes.</summary>
    private static void WriteTar(FsNode root, Stream output) =>
        Packages.LayerTarWriter.Write(root, output, Packages.LayerTarWriter.TarStyle.Mksquashfs);
}
