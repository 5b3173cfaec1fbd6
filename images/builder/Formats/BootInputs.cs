namespace Builder.Formats;

/// <summary>
/// What a bootable disk image is made of, staged as files: a bzImage kernel (what a BIOS boot loader
/// can load), the gzip'd initramfs, the kernel command line, and the timestamp for every file.
/// </summary>
internal sealed record BootInputs(string BzImage, string Initrd, string Cmdline, long Epoch);
