namespace Builder.Formats;

/// <summary>
/// The boot menu isolinux and syslinux read (same syntax): one entry, no prompt, booting /kernel with
/// /initrd.img and the image's cmdline. The loaders add <c>BOOT_IMAGE=</c> and <c>initrd=</c> to it.
/// </summary>
internal static class SyslinuxConfig
{
    public static string Text(string cmdline)
    {
        // A kernel command line is one line; the config format ends APPEND at the newline.
        var append = string.Join(' ', cmdline.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL /kernel\n  INITRD /initrd.img\n  APPEND {append}\n";
    }
}
