using System.Diagnostics;
using Xunit.Abstractions;

namespace Tests.HostShim;

/// <summary>
/// linux.namespaces "user" with uid/gid maps, on this host's real namespaces: the container sees its
/// maps, is root inside and an unprivileged id outside, its capabilities reach only what its namespace
/// owns; a user namespace given by path is joined; exec enters it; bad maps are refused naming the
/// field; many starts under GC pressure never hang and leave nothing behind. The container's root is
/// another host uid, so the bundle and the rootfs must be reachable by it (0755), as under runc.
/// </summary>
[Collection(HostQuietCollection.Name)]
public sealed class UserNamespaceTests(ShimFixture fixture, ITestOutputHelper output) : IClassFixture<ShimFixture>
{
    private const uint HostUid = 100000, HostGid = 200000, Size = 65536;

    private static readonly List<string> AllCaps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_MKNOD", "CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_KILL"];

    private Bundle UserBundle(string[] args, Func<Oci.Spec, Oci.Spec>? edit = null)
    {
        OpenToOthers(Path.GetDirectoryName(fixture.Rootfs)!);
        // The container's root may not create mount points in a rootfs that the host's root owns.
        Directory.CreateDirectory(Path.Combine(fixture.Rootfs, "data"));
        File.WriteAllText(Path.Combine(fixture.Rootfs, "secret"), "");
        var bundle = Bundle.Create(fixture.Rootfs, args, s =>
        {
            var spec = s with
            {
                Linux = s.Linux! with
                {
                    Namespaces = [.. s.Linux.Namespaces!, new Oci.Namespace { Type = "user" }],
                    UidMappings = [new() { ContainerId = 0, HostId = HostUid, Size = Size }],
                    GidMappings = [new() { ContainerId = 0, HostId = HostGid, Size = Size }],
                },
            };
            return edit is null ? spec : edit(spec);
        });
        OpenToOthers(bundle.Dir);
        return bundle;
    }

    private static void OpenToOthers(string dir) =>
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    private static Oci.Spec WithCaps(Oci.Spec s, List<string> caps) => s with
    {
        Process = s.Process! with { Capabilities = new Oci.Capabilities { Bounding = caps, Effective = caps, Permitted = caps }, NoNewPrivileges = false },
    };

    private static string Squeeze(string text) =>
        string.Join('\n', text.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));

    [Fact]
    public void The_container_sees_its_maps_and_is_root_inside_and_an_unprivileged_id_outside()
    {
        var data = Directory.CreateTempSubdirectory("userns-data-").FullName;
        File.SetUnixFileMode(data, (UnixFileMode)0x1ff);
        try
        {
            using var bundle = UserBundle(["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g; touch /data/made"], s => s with
            {
                Mounts = [.. s.Mounts!, new Oci.Mount { Destination = "/data", Type = "bind", Source = data, Options = ["rbind"] }],
            });
            var result = Runner.Shim(bundle.Dir, $"userns-map-{Environment.ProcessId}");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal($"0 {HostUid} {Size}\n0 {HostGid} {Size}\n0\n0\n", Squeeze(result.Stdout));
            var made = Path.Combine(data, "made");
            Assert.Equal(($"{HostUid}", $"{HostGid}"), Owner(made));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Capabilities_reach_only_what_the_user_namespace_owns()
    {
        var secret = Path.Combine(Directory.CreateTempSubdirectory("userns-secret-").FullName, "secret");
        OpenToOthers(Path.GetDirectoryName(secret)!);
        File.WriteAllText(secret, "host only\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // Full capabilities inside, yet the host root's 0600 file stays closed (its owner is not mapped)
            // and mknod (CAP_MKNOD of the host's namespace) is refused; the hostname (the container's uts) is not.
            using var bundle = UserBundle(["sh", "-c", "grep CapEff /proc/self/status; cat /secret || echo closed; mknod /tmp/n c 1 3 || echo no-mknod; hostname inside && hostname"], s => WithCaps(s, AllCaps) with
            {
                Mounts = [.. s.Mounts!, new Oci.Mount { Destination = "/secret", Type = "bind", Source = secret, Options = ["bind"] },
                    new Oci.Mount { Destination = "/tmp", Type = "tmpfs", Source = "tmpfs" }],
            });
            var result = Runner.Shim(bundle.Dir, $"userns-caps-{Environment.ProcessId}");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("CapEff:\t00000000082000eb\nclosed\nno-mknod\ninside\n", result.Stdout);
            Assert.Contains("Permission denied", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(secret)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_user_namespace_given_by_path_is_joined_and_owns_the_new_ones(bool runcStyleMaps)
    {
        // The holder is a container of its own (a pod's sandbox, say); the second one joins its user namespace.
        using var holder = UserBundle(["sleep", "1000"]);
        using var cli = LifecycleCli.Shim();
        var id = $"userns-holder-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("create", "--bundle", holder.Dir, id).ExitCode);
        try
        {
            var path = $"/proc/{cli.State(id)!.Value.GetProperty("pid").GetInt32()}/ns/user";
            using var bundle = UserBundle(["sh", "-c", "readlink /proc/self/ns/user; cat /proc/self/uid_map; id -u; echo $$"], s => s with
            {
                Linux = s.Linux! with
                {
                    Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != "user"), new Oci.Namespace { Type = "user", Path = path }],
                    // runc 1.1 wants the joined namespace's maps repeated; without them is fine here.
                    UidMappings = runcStyleMaps ? s.Linux.UidMappings : null,
                    GidMappings = runcStyleMaps ? s.Linux.GidMappings : null,
                },
            });
            var result = Runner.Shim(bundle.Dir, $"userns-join-{Environment.ProcessId}");
            Assert.True(result.ExitCode == 0, result.ToString());
            // pid 1, /proc and sysfs mounted: the new namespaces were made inside the joined user namespace.
            Assert.Equal($"{new FileInfo(path).LinkTarget}\n0 {HostUid} {Size}\n0\n1\n", Squeeze(result.Stdout));
        }
        finally
        {
            cli.Run("delete", "--force", id);
        }
    }

    [Fact]
    public void Maps_given_with_a_joined_user_namespace_must_be_its_own()
    {
        using var holder = UserBundle(["sleep", "1000"]);
        using var cli = LifecycleCli.Shim();
        var id = $"userns-holder2-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("create", "--bundle", holder.Dir, id).ExitCode);
        try
        {
            var path = $"/proc/{cli.State(id)!.Value.GetProperty("pid").GetInt32()}/ns/user";
            using var bundle = UserBundle(["true"], s => s with
            {
                Linux = s.Linux! with
                {
                    Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != "user"), new Oci.Namespace { Type = "user", Path = path }],
                    UidMappings = [new() { ContainerId = 0, HostId = 400000, Size = 10 }],
                },
            });
            var result = Runner.Shim(bundle.Dir, $"userns-joinmap-{Environment.ProcessId}");
            Assert.Equal(125, result.ExitCode);
            Assert.Contains($"linux.uidMappings: [0 400000 10] are not the maps of the joined user namespace {path} ([0 {HostUid} {Size}])", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            cli.Run("delete", "--force", id);
        }
    }

    [Fact]
    public void Exec_enters_the_containers_user_namespace()
    {
        using var bundle = UserBundle(["sleep", "1000"]);
        using var cli = LifecycleCli.Shim();
        OpenToOthers(cli.Scratch);
        var id = $"userns-exec-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, id).ExitCode);
        Assert.Equal(0, cli.Run("start", id).ExitCode);
        var pid = cli.State(id)!.Value.GetProperty("pid").GetInt32();
        var result = cli.Run("exec", id, "sh", "-c", "readlink /proc/self/ns/user; cat /proc/self/uid_map; id -u");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{new FileInfo($"/proc/{pid}/ns/user").LinkTarget}\n0 {HostUid} {Size}\n0\n", Squeeze(result.Stdout));
        cli.Run("kill", id, "KILL");
        cli.WaitForStatus(id, "stopped");
        Assert.Equal(0, cli.Run("delete", id).ExitCode);
    }

    [Fact]
    public void The_writable_layer_works_for_the_containers_root_and_goes_afterwards()
    {
        using var bundle = UserBundle(["sh", "-c", "touch /made-in-layer && echo wrote"], s => s with
        {
            Root = s.Root! with { Readonly = false },
            Annotations = new() { ["org.cinit.writable-layer"] = "true" },
        });
        var id = $"userns-layer-{Environment.ProcessId}";
        var result = Runner.Shim(bundle.Dir, id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("wrote\n", result.Stdout);
        Assert.False(File.Exists(Path.Combine(fixture.Rootfs, "made-in-layer")), "the layer wrote through to the rootfs");
        Assert.False(Directory.Exists($"/run/containers/{id}"), "the layer's mount point is left");
    }

    [Fact]
    public void The_container_sees_what_runc_shows_it_on_the_same_bundle()
    {
        // /dev/mqueue is left out: runc makes the ipc namespace after becoming root of the user
        // namespace, so the mqueue root is that root's; ours comes with the clone, before (docs/runc-differences.md).
        const string Show = "cat /proc/self/uid_map /proc/self/gid_map; id; grep -E '^(Cap|NoNewPrivs|Groups)' /proc/self/status; "
            + "stat -c '%n %u %g %a %t %T %F' /dev/* /dev/pts /dev/shm | grep -v mqueue; hostname";
        using var bundle = UserBundle(["sh", "-c", Show]);
        var runc = Runner.Runc(bundle.Dir, $"userns-runc-{Environment.ProcessId}");
        var shim = Runner.Shim(bundle.Dir, $"userns-shim-{Environment.ProcessId}");
        Assert.True(runc.ExitCode == 0, "runc: " + runc);
        Assert.True(shim.ExitCode == 0, "shim: " + shim);
        Assert.Equal(runc.Stdout, shim.Stdout);
    }

    [Theory]
    [InlineData("overlap", "linux.uidMappings[1]: container uids 100..199 overlap linux.uidMappings[0] (0..65535)")]
    [InlineData("missing", "linux.gidMappings: missing: a new user namespace needs a gid map")]
    [InlineData("no userns", "linux.uidMappings: needs a user namespace (linux.namespaces has no \"user\")")]
    public void Bad_maps_are_refused_naming_the_field(string what, string error)
    {
        using var bundle = UserBundle(["true"], s => what switch
        {
            "overlap" => s with { Linux = s.Linux! with { UidMappings = [.. s.Linux.UidMappings!, new() { ContainerId = 100, HostId = 500000, Size = 100 }] } },
            "missing" => s with { Linux = s.Linux! with { GidMappings = null } },
            _ => s with { Linux = s.Linux! with { Namespaces = [.. s.Linux.Namespaces!.Where(n => n.Type != "user")], GidMappings = null } },
        });
        var before = Leftovers.Count("userns-bad");
        var result = Runner.Shim(bundle.Dir, $"userns-bad-{Environment.ProcessId}");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains(error, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Leftovers.Count("userns-bad"));
    }

    [Fact]
    public void Many_starts_under_GC_pressure_hang_never_and_leak_nothing()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("CINIT_USERNS_RUNS"), out var n) && n > 0 ? n : 300;
        var id = $"userns-stress-{Environment.ProcessId}";
        using var bundle = UserBundle(["true"]);
        var before = HostSnapshot.Take();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var (code, stderr) = RunUnderPressure(bundle.Dir, $"{id}-{i}");
            Assert.True(code == 0, $"run {i}: exit {code}: {stderr}");
        }
        output.WriteLine($"userns stress: {runs} starts in {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds / runs:F1} ms each)");
        Assert.Empty(HostSnapshot.Take().LeftSince(before, id, Path.GetDirectoryName(fixture.Rootfs)!, bundle.Dir));
        Assert.Empty(HostSnapshot.ProcessesNaming(id));
    }

    private static (int Code, string Stderr) RunUnderPressure(string bundle, string id)
    {
        var psi = new ProcessStartInfo(ShimFixture.ShimPath, ["run", "--bundle", bundle, id]) { RedirectStandardError = true };
        psi.Environment["DOTNET_GCgen0size"] = "10000"; // hex: 64 KiB, the shim collects all the time
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{id} did not end within 15 s (hang)");
        }
        p.WaitForExit();
        return (p.ExitCode, stderr.Result);
    }

    private static (string Uid, string Gid) Owner(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%u %g", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var parts = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        return (parts[0], parts[1]);
    }
}
