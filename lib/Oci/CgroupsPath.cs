namespace Oci;

/// <summary>
/// <c>linux.cgroupsPath</c> as cinit takes it, one rule for the shim (which makes the cgroup) and init (which
/// kills what is left in it when a shim dies): cgroupfs paths only, relative ones taken from the cgroup2
/// mount's root like absolute ones, no <c>.</c> or <c>..</c>; systemd's <c>slice:prefix:name</c> form would
/// need systemd, which our images lack. No syscalls here: the caller words the refusal into its error shape.
/// </summary>
public static class CgroupsPath
{
    public enum Refusal { None, SystemdForm, NotBelowRoot }

    /// <summary>The path below the cgroup2 mount, starting with '/' and without doubled slashes; null when
    /// <paramref name="path"/> is empty (no path asked for) or refused (then <paramref name="refusal"/> says why).</summary>
    public static string? Normalize(string? path, out Refusal refusal)
    {
        refusal = Refusal.None;
        if (string.IsNullOrEmpty(path)) return null;
        if (!path.StartsWith('/') && path.Count(c => c == ':') == 2)
        {
            refusal = Refusal.SystemdForm;
            return null;
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
        {
            refusal = Refusal.NotBelowRoot;
            return null;
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>The console's words for a refusal: <c>linux.cgroupsPath: "a:b:c" is systemd's ...</c>.</summary>
    public static string Describe(string path, Refusal refusal) => refusal switch
    {
        Refusal.SystemdForm => $"linux.cgroupsPath: \"{path}\" is systemd's slice:prefix:name form; only cgroupfs paths are supported",
        _ => $"linux.cgroupsPath: \"{path}\" must name a cgroup below the root, without . or ..",
    };
}
