using Builder;
using Builder.Yaml;
using Oci;
using static Tests.UnitBuilder.SpecSupport;

namespace Tests.UnitBuilder;

/// <summary>Mount options are checked at build time against the table the shim and init use
/// (lib/Oci MountOptionTable): every name it knows builds in each of the four places options are written,
/// and one it does not know is a build error at the option's own line and column.</summary>
public sealed class MountOptionBuildTests
{
    private const string Head = "kernel:\n  image: k\nservices:\n  - name: a\n    image: i\n";

    public static TheoryData<string> OptionNames => [.. MountOptionTable.Names];

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Every_option_the_runtime_knows_builds_in_binds_tmpfs_mounts_and_runtime_mounts(string option)
    {
        var spec = Create($"binds: [\"/a:/a:{option}\"]\ntmpfs: [\"/t:{option}\"]\n" +
            $"mounts: [{{type: tmpfs, destination: /m, options: [\"{option}\"]}}]\n" +
            $"runtime: {{mounts: [{{type: tmpfs, source: tmpfs, destination: /r, options: [\"{option}\"]}}]}}\nreadonly: true");
        Assert.Contains(spec.Mounts!, m => m.Destination == "/a" && m.Options!.Contains(option));
        Assert.Contains(spec.Mounts!, m => m.Destination == "/t" && m.Options!.Contains(option));
        Assert.Contains(spec.Mounts!, m => m.Destination == "/m" && m.Options!.Contains(option));
        Assert.Single(Policy(spec).Runtime!.Mounts);
    }

    [Theory]
    [InlineData("lazytime", 0x2000000UL)]
    [InlineData("nosymfollow", 0x100UL)]
    [InlineData("silent", 0x8000UL)]
    [InlineData("iversion", 0x800000UL)]
    public void Runtime_mounts_get_the_flags_the_shim_knows(string option, ulong flag)
    {
        var spec = Create($"runtime: {{mounts: [{{type: tmpfs, source: tmpfs, destination: /r, options: [{option}, size=1m]}}]}}\nreadonly: true");
        var mount = Policy(spec).Runtime!.Mounts[0];
        Assert.Equal((flag, "size=1m"), (mount.Flags, mount.Data));
    }

    [Theory]
    [InlineData("    binds: [\"/a:/a:ro,bogus\"]\n", "x.yml:6:23: services[0].binds[0]: unknown mount option \"bogus\"")]
    [InlineData("    binds:\n      - /a:/b:rbnd\n", "x.yml:7:15: services[0].binds[0]: unknown mount option \"rbnd\"")]
    [InlineData("    binds.add: [\"/ro:/ro:ro,ro,RO\"]\n", "x.yml:6:32: services[0].binds.add[0]: unknown mount option \"RO\"")]
    [InlineData("    tmpfs: [\"/t:size=1m,nosiud\"]\n", "x.yml:6:25: services[0].tmpfs[0]: unknown mount option \"nosiud\"")]
    [InlineData("    tmpfs: [/t:lazy]\n", "x.yml:6:16: services[0].tmpfs[0]: unknown mount option \"lazy\"")]
    [InlineData("    mounts: [{type: tmpfs, destination: /m, options: [ro, noexe]}]\n", "x.yml:6:59: services[0].mounts[0].options[1]: unknown mount option \"noexe\"")]
    [InlineData("    runtime:\n      mounts:\n        - type: bind\n          source: /x\n          destination: /y\n          options: [rbind, rprivat]\n",
        "x.yml:11:28: services[0].runtime.mounts[0].options[1]: unknown mount option \"rprivat\"")]
    public void An_unknown_option_fails_the_build_at_its_line_and_column(string body, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(Head + body, "x.yml")).Message);
}
