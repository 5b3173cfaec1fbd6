namespace Tests.HostShim;

/// <summary>Confinement we cannot apply is refused before anything runs, never ignored: AppArmor and
/// SELinux (this host has neither; runc refuses them here too). User namespaces: UserNamespaceTests.</summary>
public sealed class UnsupportedConfinementTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    public static TheoryData<string, string> Labels() => new()
    {
        { "apparmor", "process.apparmorProfile: \"docker-default\": AppArmor profiles are not supported by this runtime" },
        { "selinux", "process.selinuxLabel: \"system_u:system_r:container_t:s0\": SELinux labels are not supported by this runtime" },
    };

    [Theory]
    [MemberData(nameof(Labels))]
    public void A_security_label_is_refused_like_runc_refuses_it(string kind, string message)
    {
        if (kind == "apparmor" && File.Exists("/sys/module/apparmor/parameters/enabled")) Assert.Fail("this test expects a host without AppArmor");
        if (kind == "selinux" && Directory.Exists("/sys/fs/selinux")) Assert.Fail("this test expects a host without SELinux");
        using var bundle = Bundle.Create(fixture.Rootfs, ["echo", "ran"], s => s with
        {
            Process = kind == "apparmor" ? s.Process! with { ApparmorProfile = "docker-default" } : s.Process! with { SelinuxLabel = "system_u:system_r:container_t:s0" },
        });
        var runc = Runner.Runc(bundle.Dir, $"label-{kind}-runc");
        var shim = Runner.Shim(bundle.Dir, $"label-{kind}");
        Assert.True(runc.ExitCode != 0 && runc.Stdout == "", "runc ran it: " + runc);
        Assert.True(shim.ExitCode == 125, shim.ToString());
        Assert.Equal("", shim.Stdout);
        Assert.EndsWith($"/config.json: {message}\n", shim.Stderr, StringComparison.Ordinal);
    }
}
