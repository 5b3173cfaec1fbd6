using Builder.Yaml;

namespace Builder.Bundles;

/// <summary>The YAML's capability lists, checked against lib/Oci's <see cref="Oci.CapabilityTable"/>.</summary>
internal static class CapabilityNames
{
    /// <summary>Every capability, in number order.</summary>
    public static IReadOnlyList<string> All => Oci.CapabilityTable.Names;

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
