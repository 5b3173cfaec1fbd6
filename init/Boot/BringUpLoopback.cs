using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Sets <c>lo</c> up. The kernel gives lo its 127.0.0.1/8 address and route by itself once it is up,
/// so no netlink is needed (LinuxKit runs `ip` three times for the same result).
/// </summary>
internal sealed unsafe class BringUpLoopback : IBootStage
{
    private const int AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;

    public string Name => "loopback";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        var fd = Tmds.Linux.LibC.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return SysError.LastLibC("socket AF_INET for interface flags");
        try
        {
            NetDevice.ifreq req = default;
            req.ifr_name[0] = (byte)'l';
            req.ifr_name[1] = (byte)'o';
            if (NetDevice.ioctl(fd, NetDevice.SIOCGIFFLAGS, &req) != 0) return SysError.Last("SIOCGIFFLAGS lo");
            if ((req.ifr_flags & NetDevice.IFF_UP) != 0) return null;
            req.ifr_flags |= NetDevice.IFF_UP;
            if (NetDevice.ioctl(fd, NetDevice.SIOCSIFFLAGS, &req) != 0) return SysError.Last("SIOCSIFFLAGS lo up");
            return null;
        }
        finally { Fcntl.close(fd); }
    }
}
