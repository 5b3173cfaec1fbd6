using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/capability.h&gt;: capget/capset (version 3, two 32-bit words per set). capset acts on
/// the calling thread.</summary>
public static unsafe partial class Capability
{
    public const uint _LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    /// <summary>The highest capability of the kernel these headers are from (6.1); the names are OCI
    /// vocabulary and live in lib/Oci's CapabilityTable, which Unit.Shim checks against the C header.</summary>
    public const int CAP_LAST_CAP = 40;

    [StructLayout(LayoutKind.Sequential)]
    public struct cap_user_header_t
    {
        public uint version;
        public int pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct cap_user_data_t
    {
        public uint effective;
        public uint permitted;
        public uint inheritable;
    }

    /// <summary><paramref name="data"/> points at two <see cref="cap_user_data_t"/> (low and high words).</summary>
    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    public static partial int capget(cap_user_header_t* header, cap_user_data_t* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    public static partial int capset(cap_user_header_t* header, cap_user_data_t* data);

    /// <summary>The running kernel's highest capability (/proc/sys/kernel/cap_last_cap), or our table's.</summary>
    public static int LastCap()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return CAP_LAST_CAP;
        }
        catch (UnauthorizedAccessException)
        {
            return CAP_LAST_CAP;
        }
    }

    /// <summary>Sets effective, permitted and inheritable of the calling thread from 64-bit masks.</summary>
    public static int Set(ulong effective, ulong permitted, ulong inheritable)
    {
        var header = new cap_user_header_t { version = _LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc cap_user_data_t[2];
        data[0] = new cap_user_data_t { effective = (uint)effective, permitted = (uint)permitted, inheritable = (uint)inheritable };
        data[1] = new cap_user_data_t { effective = (uint)(effective >> 32), permitted = (uint)(permitted >> 32), inheritable = (uint)(inheritable >> 32) };
        return capset(&header, data);
    }
}
