using System.Runtime.CompilerServices;
using Linux.Native;

namespace Tests.UnitInit;

/// <summary>The x86_64 glibc sizes and values of what init's interop declares (from the C headers).</summary>
public sealed class InteropLayoutTests
{
    [Fact]
    public void StructSizes()
    {
        Assert.Equal(144, Unsafe.SizeOf<Stat.stat_t>());
        Assert.Equal(120, Unsafe.SizeOf<Stat.statfs_t>());
        Assert.Equal(40, Unsafe.SizeOf<NetDevice.ifreq>());
        Assert.Equal(390, UtsName.Size);
    }

    [Fact]
    public void RebootCommands()
    {
        Assert.Equal(0x4321FEDC, Reboot.LINUX_REBOOT_CMD_POWER_OFF);
        Assert.Equal(0x01234567, Reboot.LINUX_REBOOT_CMD_RESTART);
        Assert.Equal(unchecked((int)0xCDEF0123), Reboot.LINUX_REBOOT_CMD_HALT);
        Assert.Equal(0, Reboot.LINUX_REBOOT_CMD_CAD_OFF);
    }

    [Fact]
    public unsafe void LstatAndStatfsReadRealValues()
    {
        Stat.stat_t st;
        Assert.Equal(0, Stat.lstat("/dev/null", &st));
        Assert.Equal(Stat.S_IFCHR, st.st_mode & Stat.S_IFMT);
        Assert.Equal(0x103UL, st.st_rdev); // major 1, minor 3
        Stat.statfs_t fs;
        Assert.Equal(0, Stat.statfs("/proc", &fs));
        Assert.Equal(0x9fa0, fs.f_type); // PROC_SUPER_MAGIC
    }

    [Fact]
    public void UnameGivesTheRunningKernel() =>
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), UtsName.Release());
}
