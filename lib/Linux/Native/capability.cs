using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/capability.h&gt;: capget/capset (version 3, two 32-bit words per set) and the
/// capability names the OCI spec uses (<c>CAP_NET_ADMIN</c>). capset acts on the calling thread.</summary>
public static unsafe partial class Capability
{
    public const uint _LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    /// <summary>Index = capability number (linux/capability.h, kernel 6.1).</summary>
    public static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
        "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ];

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

    /// <summary>The capability number for an OCI name (also accepted without <c>CAP_</c>, any case); -1 when unknown.</summary>
    public static int FromName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (!upper.StartsWith("CAP_", StringComparison.Ordinal)) upper = "CAP_" + upper;
        return Array.IndexOf(Names, upper);
    }

    public static string Name(int cap) => cap >= 0 && cap < Names.Length ? Names[cap] : "CAP_" + cap;

    /// <summary>The running kernel's highest capability (/proc/sys/kernel/cap_last_cap), or our table's.</summary>
    public static int LastCap()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return Names.Length - 1;
        }
        catch (UnauthorizedAccessException)
        {
            return Names.Length - 1;
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
