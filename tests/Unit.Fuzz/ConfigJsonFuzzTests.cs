using Linux;
using Shim.Config;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>The shim's config.json reader and its checks (the bundle a user hands to <c>run</c> or <c>create</c>):
/// a container config, or a <see cref="SysException"/> that names config.json and the field, never another exception.</summary>
public sealed class ConfigJsonFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
    [
        "null", "true", "false", "0", "-1", "1e400", "18446744073709551616", "-9223372036854775809", "\"\"", "[]", "{}",
        "\"\\u0000\"", "\"\\ud800\"", ",", ":", "\"mounts\":", "\"options\":[\"bogus\"]", "\"type\":\"bind\"", "\"namespaces\":",
        "\"capabilities\":{\"bounding\":[\"CAP_NOPE\"]}", "\"rlimits\":[{}]", "\"uidMappings\":[{}]", "\"devices\":[{}]",
        "\"resources\":{\"devices\":[{\"allow\":true}]}", "\"seccomp\":{}", "\"hooks\":{\"prestart\":[{}]}", "../", "/*c*/", "//c\n",
    ];

    // A bundle whose root.path "rootfs" exists, so the checks after it run too.
    private static readonly Lazy<string> Bundle = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("fuzz-bundle-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "rootfs"));
        return dir;
    });

    [Fact]
    public void Config_json_is_read_or_refused_naming_the_field()
    {
        var gen = ByteMutator.From(FuzzRun.Corpus("config"), Tokens);
        FuzzRun.Run(gen, Check, FuzzRun.Base64, output);
    }

    internal static void Check(byte[] bytes)
    {
        try
        {
            var spec = ConfigJson.Parse(bytes, "config.json");
            ContainerConfig.FromSpec(Bundle.Value, spec);
        }
        catch (SysException e)
        {
            var message = e.Error.ToString();
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        }
    }
}
