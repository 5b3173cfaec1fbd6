using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/netdevice.h&gt; / &lt;net/if.h&gt;: interface flags through ioctl on any socket.</summary>
public static unsafe partial class NetDevice
{
    public const ulong SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    public const short IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40;
    public const int IFNAMSIZ = 16;

    /// <summary>struct ifreq: the name, then a 24-byte union whose first member we use (ifr_flags).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    public struct ifreq
    {
        [FieldOffset(0)] public fixed byte ifr_name[IFNAMSIZ];
        [FieldOffset(16)] public short ifr_flags;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, ifreq* arg);
}
