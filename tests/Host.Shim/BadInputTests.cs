namespace Tests.HostShim;

/// <summary>A bundle refused in stage 1 or failing half-way in stage 2 gives one error naming the field
/// or step, and leaves no mount, /run/containers entry or process behind.</summary>
[Collection(HostQuietCollection.Name)]
public sealed class BadInputTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "option", @"config: .*/config.json: mounts\[6\].options\[0\]: unknown mount option ""rbnd""" },
        { "sysctl", @"config: .*/config.json: linux.sysctl\[""vm.swappiness""\]: is not in a namespace the container can have" },
        { "capability", @"config: .*/config.json: process.capabilities.bounding\[3\]: unknown capability ""CAP_NOPE""" },
        { "late mount", @"mounts: mounts\[7\] /mnt/b: mount nosuchfs on /mnt/b: ENODEV \(No such device\)" },
        { "exec", @"exec: /bin/nope: ENOENT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_refused_bundle_leaves_nothing_behind(string kind, string error)
    {
        var id = $"bad-{kind.Replace(' ', '-')}-{Environment.ProcessId}";
        using var bundle = Bundle.Create(fixture.Rootfs, [kind == "exec" ? "/bin/nope" : "true"], s => kind switch
        {
            "option" => s with { Mounts = [.. s.Mounts!, new() { Destination = "/mnt", Type = "tmpfs", Options = ["rbnd"] }] },
            "sysctl" => s with { Linux = s.Linux! with { Sysctl = new() { ["vm.swappiness"] = "10" } } },
            "capability" => s with { Process = s.Process! with { Capabilities = new() { Bounding = [.. Bundle.DefaultCaps, "CAP_NOPE"] } } },
            // The writable layer puts a tmpfs on /run/containers/ID; mounts 0..6 succeed before 7 fails.
            "late mount" => s with
            {
                Annotations = new() { ["org.cinit.writable-layer"] = "true" },
                Mounts = [.. s.Mounts!, new() { Destination = "/mnt/a", Type = "tmpfs" }, new() { Destination = "/mnt/b", Type = "nosuchfs" }],
            },
            _ => s,
        });
        var before = HostSnapshot.Take();
        var result = Runner.Shim(bundle.Dir, id);
        Assert.True(result.ExitCode is 125 or 127, result.ToString());
        Assert.Matches($"^containerd-shim: {id}: {error}", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(HostSnapshot.Take().LeftSince(before, id, fixture.Rootfs, bundle.Dir, "/run/containers/" + id));
        Assert.Empty(HostSnapshot.ProcessesNaming(id));
    }
}
