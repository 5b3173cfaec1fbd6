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

    /// <summary>NAME-efi.iso: an El Torito CD with a UEFI entry (systemd-boot), also a GPT disk.</summary>
    IsoEfi,

    /// <summary>NAME-efi.raw: a GPT disk with one EFI system partition (systemd-boot).</summary>
    RawEfi,

    /// <summary>NAME.qcow2: raw-bios as qcow2.</summary>
    Qcow2Bios,

    /// <summary>NAME-efi.qcow2: raw-efi as qcow2.</summary>
    Qcow2Efi,

    /// <summary>NAME.vhd: raw-bios as a fixed VHD (Azure, Hyper-V).</summary>
    Vhd,

    /// <summary>NAME.vmdk: raw-bios as a VMDK (VMware).</summary>
    Vmdk,

    /// <summary>NAME.img.tar.gz: raw-bios padded to whole GiB as disk.raw in a gzip'd tar (Google Compute Engine).</summary>
    Gcp,

    /// <summary>NAME-aws.raw: raw-bios padded to whole GiB (EC2 snapshot import).</summary>
    Aws,

    /// <summary>NAME-kernel, NAME-cmdline, NAME-squashfs.img (the root, given as a disk) and NAME-squashfs-initrd.img (init and modules only).</summary>
    KernelSquashfs,
}
