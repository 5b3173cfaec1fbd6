using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/reboot.h&gt; (and sync, which reboot(2) requires first: it does not flush).</summary>
public static partial class Reboot
{
    public const int LINUX_REBOOT_CMD_RESTART = 0x01234567;
    public const int LINUX_REBOOT_CMD_HALT = unchecked((int)0xCDEF0123);
    public const int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
    public const int LINUX_REBOOT_CMD_CAD_ON = unchecked((int)0x89ABCDEF);
    public const int LINUX_REBOOT_CMD_CAD_OFF = 0;

    [LibraryImport("libc", EntryPoint = "reboot", SetLastError = true)]
    public static partial int reboot(int cmd);

    [LibraryImport("libc", EntryPoint = "sync")]
    public static partial void sync();
}
