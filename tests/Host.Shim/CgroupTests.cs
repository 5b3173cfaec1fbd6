using System.Text.Json;
using Oci;

namespace Tests.HostShim;

/// <summary>
/// The shim's cgroup handling on the host, each run in a private mount namespace (unshare -m) with
/// /sys/fs/cgroup replaced: by a tmpfs to stand for a host without cgroup v2 there (our CI machines
/// run hybrid v1, a developer's may run v2: this way both test the same thing), or by a cgroup2 mount
/// (the host's unified hierarchy, with or without controllers) for the device filter, which needs none.
/// Resource limits need controllers, which only the VM's v2 has: CgroupBootTests.
/// </summary>
public sealed class CgroupTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    private const string Parent = "cinit-host-test";

    [Fact]
    public void Resources_without_cgroup_v2_fail_before_anything_starts()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo ran"], s => WithResources(s, """{"memory": {"limit": 33554432}}""", null));
        var result = InMountNamespace("mount -t tmpfs none /sys/fs/cgroup", bundle.Dir, "nov2");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal("containerd-shim: nov2: cgroup: linux.resources: this host has neither cgroup v2 at /sys/fs/cgroup nor cgroup v1 controllers mounted; " +
            "resources cannot be applied\n", result.Stderr);
    }

    [Fact]
    public void Without_resources_a_container_runs_without_cgroup_v2()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo ran"], s => WithResources(s, null, $"/{Parent}/norez"));
        var result = InMountNamespace("mount -t tmpfs none /sys/fs/cgroup", bundle.Dir, "norez");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran\n", result.Stdout);
    }

    [Fact]
    public void A_device_rule_refuses_writes_to_dev_null_and_the_cgroup_goes_with_the_container()
    {
        const string script = "cat /proc/self/cgroup | grep '^0::'; echo x > /dev/null && echo wrote-null; cat /dev/null && echo read-null; " +
            "echo x > /dev/zero && echo wrote-zero; ls /sys/fs/cgroup/" + Parent + " | grep -c devnull";
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", script], s => WithResources(s,
            """{"devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rm"}]}""",
            $"/{Parent}/devnull") with
        {
            Mounts = [.. s.Mounts!, new Mount { Destination = "/sys/fs/cgroup", Type = "bind", Source = "/sys/fs/cgroup", Options = ["rbind", "ro"] }],
        });
        var result = InMountNamespace("mount -t cgroup2 cgroup2 /sys/fs/cgroup", bundle.Dir, "devnull",
            $"; test -e /sys/fs/cgroup/{Parent}/devnull && echo left-behind; rmdir /sys/fs/cgroup/{Parent}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"0::/{Parent}/devnull\nread-null\nwrote-zero\n1\n", result.Stdout);
        Assert.Contains("can't create /dev/null: Operation not permitted", result.Stderr);
    }

    [Fact]
    public void A_cgroup_namespace_is_rooted_at_the_containers_cgroup()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "grep '^0::' /proc/self/cgroup"], s =>
        {
            var spec = WithResources(s, null, $"/{Parent}/cgns");
            return spec with { Linux = spec.Linux! with { Namespaces = [.. spec.Linux.Namespaces!, new() { Type = "cgroup" }] } };
        });
        var result = InMountNamespace("mount -t cgroup2 cgroup2 /sys/fs/cgroup", bundle.Dir, "cgns", $"; rmdir /sys/fs/cgroup/{Parent}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0::/\n", result.Stdout);
    }

    [Fact]
    public void A_failed_setup_still_removes_the_cgroup()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["/bin/nope"], s => WithResources(s, """{"devices": []}""", $"/{Parent}/failed"));
        var result = InMountNamespace("mount -t cgroup2 cgroup2 /sys/fs/cgroup", bundle.Dir, "failed",
            $"; test -e /sys/fs/cgroup/{Parent}/failed && echo left-behind; rmdir /sys/fs/cgroup/{Parent}");
        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal("containerd-shim: failed: exec: /bin/nope: ENOENT (No such file or directory)\n", result.Stderr);
    }

    [Theory]
    [InlineData("""{"unified": {"nosuch.knob": "1"}}""",
        "unified[\"nosuch.knob\"]: the nosuch controller is not available in /sys/fs/cgroup/cgroup.controllers")]
    [InlineData("""{"unified": {"cgroup.max.depth": "bogus"}}""",
        "unified[\"cgroup.max.depth\"]: write bogus to /sys/fs/cgroup/" + Parent + "/refused/cgroup.max.depth: EINVAL (Invalid argument)")]
    public void A_refused_value_names_the_field_and_file_and_leaves_no_cgroup(string resources, string error)
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh", "-c", "echo ran"], s => WithResources(s, resources, $"/{Parent}/refused"));
        var result = InMountNamespace("mount -t cgroup2 cgroup2 /sys/fs/cgroup", bundle.Dir, "refused",
            $"; test -e /sys/fs/cgroup/{Parent}/refused && echo left-behind; rmdir /sys/fs/cgroup/{Parent} 2>/dev/null");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"containerd-shim: refused: cgroup: linux.resources.{error}", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Runs the shim after <paramref name="setup"/> in a new mount namespace; <paramref name="after"/>
    /// runs there once it exited (the shim's status is kept).</summary>
    private static RunResult InMountNamespace(string setup, string bundle, string id, string after = "")
    {
        var script = $"{setup} || exit 90; \"$0\" run --bundle \"$1\" \"$2\"; rc=$?{after}; exit $rc";
        return Runner.Run("unshare", ["-m", "sh", "-c", script, ShimFixture.ShimPath, bundle, id]);
    }

    private static Spec WithResources(Spec spec, string? resources, string? path) => spec with
    {
        Linux = spec.Linux! with
        {
            CgroupsPath = path,
            Resources = resources is null ? null : JsonDocument.Parse(resources).RootElement.Clone(),
        },
    };
}
