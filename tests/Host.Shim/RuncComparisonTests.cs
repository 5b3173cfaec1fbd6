namespace Tests.HostShim;

/// <summary>The same bundle under runc and under the shim: what the container sees must match.</summary>
public sealed class RuncComparisonTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    private const string Probe =
        "grep -E '^(Uid|Gid|Groups|Cap[A-Za-z]+|NoNewPrivs|Sig(Blk|Ign)):' /proc/self/status; umask; ls -l /dev | grep -v -e '^total' -e ' pts$' -e ' shm$' -e ' mqueue$' | sed 's/.*[0-9] //' ; hostname; echo pid $$; ulimit -n; cat /proc/sys/kernel/hostname; exit 3";

    public static TheoryData<uint, string> Users() => new() { { 0, "default" }, { 1000, "default" }, { 0, "none" }, { 1000, "many" } };

    [Theory]
    [MemberData(nameof(Users))]
    public void Runc_and_the_shim_agree(uint uid, string caps)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", Probe], s => s with
        {
            Process = s.Process! with
            {
                User = new Oci.User { Uid = uid, Gid = uid },
                Capabilities = caps switch
                {
                    "none" => new Oci.Capabilities { Bounding = [], Effective = [], Permitted = [] },
                    "many" => new Oci.Capabilities
                    {
                        Bounding = [.. Bundle.DefaultCaps, "CAP_CHOWN", "CAP_SYS_ADMIN"],
                        Effective = ["CAP_CHOWN"], Permitted = ["CAP_CHOWN", "CAP_KILL"], Inheritable = ["CAP_KILL"], Ambient = ["CAP_KILL"],
                    },
                    _ => s.Process.Capabilities,
                },
            },
        });
        var id = $"cmp-{uid}-{caps}-{Environment.ProcessId}";
        var runc = Runner.Runc(bundle.Dir, id);
        var shim = Runner.Shim(bundle.Dir, id);
        Assert.True(runc.ExitCode == 3, "runc: " + runc);
        Assert.Equal(runc.Stdout, shim.Stdout);
        Assert.Equal(runc.ExitCode, shim.ExitCode);
    }
}
