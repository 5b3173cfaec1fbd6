using Linux;

namespace Metadata;

/// <summary>
/// Writes what a provider found as LinuxKit's /run/config: <c>provider</c> (its name), <c>hostname</c>,
/// <c>ssh/authorized_keys</c> (0600 in a 0700 directory, as sshd demands), the provider's other values
/// (<c>instance-id</c>, <c>local-ipv4</c>, ...), and <c>userdata</c>, which is then expanded when it
/// is a JSON object (an entry may overwrite the files above, e.g. its own <c>hostname</c>).
/// </summary>
internal sealed class ConfigWriter(string root, Action<string> say)
{
    public const string DefaultRoot = "/run/config";

    public void Write(string provider, Found found)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "provider"), provider + "\n");
        if (!string.IsNullOrWhiteSpace(found.Hostname)) File.WriteAllText(Path.Combine(root, "hostname"), found.Hostname.Trim() + "\n");
        foreach (var (name, value) in found.Files) File.WriteAllText(Path.Combine(root, name), value + "\n");
        if (found.SshKeys.Count > 0)
        {
            var ssh = Path.Combine(root, "ssh");
            Directory.CreateDirectory(ssh);
            File.SetUnixFileMode(ssh, (UnixFileMode)0x1C0);
            var keys = Path.Combine(ssh, "authorized_keys");
            File.WriteAllText(keys, string.Join("", found.SshKeys.Select(k => k + "\n")));
            File.SetUnixFileMode(keys, (UnixFileMode)0x180);
        }
        if (found.Userdata is { } userdata)
        {
            File.WriteAllBytes(Path.Combine(root, "userdata"), userdata);
            UserdataExpansion.Expand(userdata, root, say);
        }
        say($"{provider}: wrote {root} ({Summary(found)})");
    }

    private static string Summary(Found f)
    {
        var parts = new List<string>();
        if (f.Hostname is not null) parts.Add($"hostname {f.Hostname.Trim()}");
        if (f.Userdata is not null) parts.Add($"userdata {f.Userdata.Length} bytes");
        if (f.SshKeys.Count > 0) parts.Add($"{f.SshKeys.Count} ssh key(s)");
        if (f.Files.Count > 0) parts.Add(string.Join(", ", f.Files.Keys));
        return parts.Count == 0 ? "nothing but the provider's name" : string.Join(", ", parts);
    }

    /// <summary>
    /// Sets the kernel's hostname from <c>hostname</c> (a provider's, or userdata's own entry), as
    /// LinuxKit's metadata does: the container shares the host's UTS namespace.
    /// </summary>
    public unsafe SysError? SetHostname()
    {
        var file = Path.Combine(root, "hostname");
        if (!File.Exists(file)) return null;
        var name = File.ReadAllText(file).Trim();
        if (name.Length == 0) return null;
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        // The kernel's limit (HOST_NAME_MAX).
        if (bytes.Length > 64) return SysError.Plain($"hostname \"{name}\" in {file}: longer than 64 bytes");
        fixed (byte* p = bytes)
            if (Linux.Native.Unistd.sethostname(p, (nuint)bytes.Length) != 0)
                return SysError.Last($"sethostname {name}");
        say($"hostname set to {name}");
        return null;
    }
}
