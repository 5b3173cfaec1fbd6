using System.Text.Json.Nodes;

namespace Tests.HostShim;

/// <summary>A bundle whose config.json carries a linux.seccomp profile given as JSON text, exactly as
/// runc reads it too.</summary>
internal static class SeccompBundle
{
    public static string ProfilePath(string name) => Path.Combine(AppContext.BaseDirectory, "Profiles", name);

    public static Bundle Create(string rootfs, string[] args, string profileJson, Func<Oci.Spec, Oci.Spec>? edit = null)
    {
        var bundle = Bundle.Create(rootfs, args, edit);
        var path = Path.Combine(bundle.Dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["linux"]!["seccomp"] = JsonNode.Parse(profileJson);
        File.WriteAllText(path, config.ToJsonString());
        return bundle;
    }

    /// <summary>Default allow; the named calls fail with <paramref name="errno"/> (EPERM when null).</summary>
    public static string Deny(string[] names, int? errno = null) =>
        $$"""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":[{{string.Join(',', names.Select(n => $"\"{n}\""))}}],"action":"SCMP_ACT_ERRNO"{{(errno is { } e ? $",\"errnoRet\":{e}" : "")}}}]}""";
}
