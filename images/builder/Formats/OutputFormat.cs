namespace Builder.Formats;

/// <summary>What a build writes, as LinuxKit's <c>--format</c> names it (see <see cref="OutputFormatNames"/>).</summary>
internal enum OutputFormat
{
    /// <summary>NAME-kernel, NAME-initrd.img, NAME-cmdline: what QEMU's <c>-kernel</c>/<c>-initrd</c> boot.</summary>
    KernelInitrd,

    /// <summary>NAME.iso: an El Torito CD (isolinux) that is also an isohybrid disk.</summary>
    IsoBios,

    /// <summary>NAME.raw: an MBR disk with one FAT partition booted by syslinux.</summary>
    RawBios,
}
