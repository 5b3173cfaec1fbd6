using Builder.Tree;

namespace Builder.Formats;

/// <summary>
/// Finds the kernel a BIOS boot loader can start. isolinux and syslinux load only the x86 boot
/// protocol's bzImage (a setup header with "HdrS" at 0x202), while our kernel package ships the
/// extracted ELF vmlinux as <c>/kernel</c> because QEMU's <c>-kernel</c> starts it seconds faster under TCG.
/// So: <c>/kernel</c> when it is a bzImage (as in LinuxKit's kernel images), else the kernel image's
/// <c>/boot/vmlinuz</c>.
/// </summary>
internal static class BzImageKernel
{
    public const string CompressedPath = "boot/vmlinuz";
    private const int SignatureOffset = 0x202;

    public static FileContent Find(FileContent kernel, FsNode kernelImageRoot, string imageName)
    {
        if (IsBzImage(kernel)) return kernel;
        var compressed = new FsTree(kernelImageRoot).Find(CompressedPath);
        if (compressed is { Kind: NodeKind.File } && IsBzImage(compressed.Content!)) return compressed.Content!;
        var why = compressed is null ? "has no /" + CompressedPath : "/" + CompressedPath + " is not a bzImage either";
        throw new BuildFailure($"kernel image {imageName}: /kernel is not a bzImage (no \"HdrS\" at 0x202, e.g. an ELF vmlinux) and it {why}; "
            + "BIOS boot loaders need a bzImage (rebuild images/pkg/kernel, which ships one)");
    }

    public static bool IsBzImage(FileContent content)
    {
        if (content.Length < SignatureOffset + 4) return false;
        using var stream = content.OpenRead();
        Span<byte> head = stackalloc byte[SignatureOffset + 4];
        stream.ReadExactly(head);
        return head[SignatureOffset..].SequenceEqual("HdrS"u8);
    }
}
