using Builder.Yaml;

namespace Builder.Bundles;

/// <summary>Linux capability names (linux/capability.h, up to CAP_CHECKPOINT_RESTORE = 40).</summary>
internal static class CapabilityNames
{
    /// <summary>Every capability, in number order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>What a container gets when the YAML says nothing: Docker's and LinuxKit's default set.</summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    /// <summary><c>all</c> or <c>none</c>, or a list of names where <c>all</c> may appear (LinuxKit: <c>[all]</c>,
    /// <c>[none]</c>); names are upper-cased as LinuxKit's capability list is.</summary>
    public static List<string> Read(YamlCursor c)
    {
        if (c.IsScalar)
            return c.String().ToLowerInvariant() switch
            {
                "all" => [.. All],
                "none" => [],
                _ => throw c.Fail("expected a list of CAP_ names, \"all\" or \"none\""),
            };
        var result = new List<string>();
        foreach (var item in c.Items())
        {
            var name = item.String().ToUpperInvariant();
            if (name == "NONE") continue;
            if (name == "ALL") result.AddRange(All);
            else if (All.Contains(name)) result.Add(name);
            else throw item.Fail($"unknown capability \"{name}\" (expected a CAP_ name such as CAP_NET_ADMIN, or \"all\")");
        }
        return result.Distinct().ToList();
    }
}
