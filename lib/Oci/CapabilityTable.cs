namespace Oci;

/// <summary>The capability names config.json uses (<c>CAP_NET_ADMIN</c>) and their numbers (linux/capability.h,
/// kernel 6.1, up to CAP_CHECKPOINT_RESTORE = 40): the one table of the builder, which checks the YAML's names,
/// and the shim, which turns them into masks. Unit.Shim checks it against the C header.</summary>
public static class CapabilityTable
{
    /// <summary>Index = capability number.</summary>
    public static IReadOnlyList<string> Names { get; } =
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

    /// <summary>The number of an OCI name (also accepted without <c>CAP_</c>, any case); -1 when unknown.</summary>
    public static int FromName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (!upper.StartsWith("CAP_", StringComparison.Ordinal)) upper = "CAP_" + upper;
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == upper) return i;
        return -1;
    }

    public static string Name(int cap) => cap >= 0 && cap < Names.Count ? Names[cap] : "CAP_" + cap;
}
