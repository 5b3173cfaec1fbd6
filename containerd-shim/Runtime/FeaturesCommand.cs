using System.Text.Json;

namespace Shim.Runtime;

/// <summary>
/// <c>features</c>: what this runtime implements, in the shape of runc's <c>features</c> JSON
/// (opencontainers/runtime-spec features.md), for engines that ask before they configure a container,
/// and <c>--version</c> in runc's three-line form, which dockerd and podman parse for their info.
/// </summary>
internal static class FeaturesCommand
{
    public const string Version = "0.1.0";
    public const string SpecVersion = "1.1.0";

    public static int PrintVersion()
    {
        Stdout.Write($"containerd-shim version {Version}\ncommit: cinit\nspec: {SpecVersion}\n");
        return 0;
    }

    public static int Run()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("ociVersionMin", "1.0.0");
            json.WriteString("ociVersionMax", SpecVersion);
            Strings(json, "hooks", ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]);
            Strings(json, "mountOptions", Oci.MountOptionTable.Flags.Keys.Concat(Oci.MountOptionTable.Propagations.Keys).Concat(Oci.MountOptionTable.IgnoredWords));
            json.WriteStartObject("linux");
            Strings(json, "namespaces", ["cgroup", "ipc", "mount", "network", "pid", "user", "uts"]);
            Strings(json, "capabilities", Oci.CapabilityTable.Names);
            json.WriteStartObject("cgroup");
            json.WriteBoolean("v1", true);
            json.WriteBoolean("v2", true);
            json.WriteBoolean("systemd", false);
            json.WriteBoolean("systemdUser", false);
            json.WriteEndObject();
            json.WriteStartObject("seccomp");
            json.WriteBoolean("enabled", true);
            Strings(json, "actions", ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"]);
            Strings(json, "operators", ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"]);
            Strings(json, "archs", ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"]);
            json.WriteEndObject();
            json.WriteStartObject("apparmor");
            json.WriteBoolean("enabled", false);
            json.WriteEndObject();
            json.WriteStartObject("selinux");
            json.WriteBoolean("enabled", false);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        Stdout.Write(buffer.ToArray());
        return 0;
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
