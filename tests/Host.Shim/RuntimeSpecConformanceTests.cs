using Tests.Common;

namespace Tests.HostShim;

/// <summary>What the OCI runtime-tools validation programs check and the shim once got wrong:
/// linux.rootfsPropagation on the container's root (linux_rootfs_propagation,
/// config_updates_without_affect), a config without a mount namespace sharing the runtime's
/// (linux_ns_itype), and the optional fields of the state JSON that runc prints.</summary>
public sealed class RuntimeSpecConformanceTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    /// <summary>The optional fields of /proc/self/mountinfo for the container's "/", which name its
    /// propagation: shared:N, master:N, unbindable, or nothing for private.</summary>
    [Theory]
    [InlineData("shared", "shared:", new[] { "unbindable" })]
    [InlineData("rshared", "shared:", new[] { "unbindable" })]
    [InlineData("slave", null, new[] { "shared:", "unbindable" })]
    [InlineData("private", null, new[] { "shared:", "master:", "unbindable" })]
    [InlineData("unbindable", "unbindable", new[] { "shared:", "master:" })]
    public void Rootfs_propagation_is_that_of_the_containers_root(string propagation, string? present, string[] absent)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["cat", "/proc/self/mountinfo"],
            s => s with { Linux = s.Linux! with { RootfsPropagation = propagation } });
        var result = Runner.Shim(bundle.Dir, $"prop-{propagation}");
        Assert.True(result.ExitCode == 0, result.ToString());
        var root = result.Stdout.Split('\n').Select(l => l.Split(' ')).Single(f => f.Length > 6 && f[4] == "/");
        // Fields 6.. up to the "-" separator are the optional ones.
        var optional = root.Skip(6).TakeWhile(f => f != "-").ToArray();
        if (present is not null) Assert.Contains(optional, f => f.StartsWith(present, StringComparison.Ordinal));
        foreach (var a in absent) Assert.DoesNotContain(optional, f => f.StartsWith(a, StringComparison.Ordinal));
    }

    /// <summary>No "mount" in linux.namespaces: the container is in the runtime's mount namespace (its
    /// mounts land there, as with runc) and still sees only its rootfs, read-only as asked. The shim
    /// runs in a private mount namespace of its own (unshare -m), so nothing reaches the test host,
    /// and on a rootfs of its own, so other tests' containers never see these mounts.</summary>
    [Fact]
    public void Without_a_mount_namespace_the_container_shares_the_runtimes()
    {
        var rootfs = Path.Combine(Directory.CreateTempSubdirectory("shim-nomnt-").FullName, "rootfs");
        BusyboxRootfs.Create(rootfs);
        using var bundle = Bundle.Create(rootfs,
            ["sh", "-c", "readlink /proc/self/ns/mnt; test -x /bin/busybox && echo root; touch /x 2>/dev/null || echo ro"],
            s => s with { Linux = s.Linux! with { Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != "mount")] } });
        var result = Runner.Run("unshare", ["-m", "--propagation", "private", "sh", "-c",
            "readlink /proc/self/ns/mnt; exec \"$0\" run --bundle \"$1\" nomnt", ShimFixture.ShimPath, bundle.Dir]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 4, result.ToString());
        Assert.Equal(lines[0], lines[1]);
        Assert.Equal(["root", "ro"], lines[2..]);
        Directory.Delete(Path.GetDirectoryName(rootfs)!, recursive: true);
    }

    /// <summary>exec has no mount namespace to join there: it must still land in the container's root
    /// (joining the runtime's namespace would put it at the host's /).</summary>
    [Fact]
    public void Exec_into_a_container_without_a_mount_namespace_sees_its_root()
    {
        var dir = Directory.CreateTempSubdirectory("shim-nomnt-exec-").FullName;
        var rootfs = Path.Combine(dir, "rootfs");
        BusyboxRootfs.Create(rootfs);
        File.WriteAllText(Path.Combine(rootfs, "marker"), "in-the-container\n");
        using var bundle = Bundle.Create(rootfs, ["sleep", "1000"],
            s => s with { Linux = s.Linux! with { Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != "mount")] } });
        const string Script = """
            s=$0 r=$1 b=$2
            "$s" --root "$r" create --bundle "$b" nomnt-exec || exit 9
            "$s" --root "$r" exec nomnt-exec cat /marker; rc=$?
            "$s" --root "$r" delete --force nomnt-exec
            exit $rc
            """;
        var result = Runner.Run("unshare", ["-m", "--propagation", "private", "sh", "-c", Script, ShimFixture.ShimPath, Path.Combine(dir, "state"), bundle.Dir]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("in-the-container\n", result.Stdout);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void State_has_runcs_optional_rootfs_and_created_fields()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"]);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, "statefields").ExitCode);
        var state = cli.State("statefields")!.Value;
        Assert.Equal(fixture.Rootfs, state.GetProperty("rootfs").GetString());
        var created = DateTimeOffset.Parse(state.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(0, cli.Run("delete", "--force", "statefields").ExitCode);
    }
}
