namespace Tests.HostShim;

public sealed class ErrorTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public void A_missing_binary_gives_127_and_names_it()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["/bin/nope"]);
        var result = Runner.Shim(bundle.Dir, "nope");
        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.Equal("containerd-shim: nope: exec: /bin/nope: ENOENT (No such file or directory)\n", result.Stderr);
    }

    [Fact]
    public void A_command_not_on_PATH_gives_127_and_names_it()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["nosuchtool", "-x"]);
        var result = Runner.Shim(bundle.Dir, "path");
        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.StartsWith("containerd-shim: path: exec: nosuchtool not found in PATH /usr/local/sbin:", result.Stderr);
    }

    [Fact]
    public void A_file_that_cannot_be_executed_gives_126()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["/etc/passwd"]);
        var result = Runner.Shim(bundle.Dir, "noexec");
        Assert.True(result.ExitCode == 126, result.ToString());
        Assert.Contains("exec: /etc/passwd: EACCES", result.Stderr);
    }

    [Fact]
    public void A_broken_config_names_the_field()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"]);
        var path = Path.Combine(bundle.Dir, "config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"uid\": 0", "\"uid\": \"root\"", StringComparison.Ordinal));
        var result = Runner.Shim(bundle.Dir, "badjson");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Matches(@"^containerd-shim: badjson: config: .*config.json:\d+:\d+: process.user.uid: not a valid value for this field\n$", result.Stderr);
    }

    [Fact]
    public void An_unknown_mount_option_names_it()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => s with
        {
            Mounts = [.. s.Mounts!.Take(2), s.Mounts![2] with { Options = ["nosuid", "sparkly"] }],
        });
        var result = Runner.Shim(bundle.Dir, "badopt");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.EndsWith("mounts[2].options[1]: unknown mount option \"sparkly\"\n", result.Stderr);
    }

    [Fact]
    public void A_failing_mount_says_which_and_why()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => s with
        {
            Mounts = [.. s.Mounts!, new Oci.Mount { Destination = "/mnt/x", Type = "nosuchfs", Source = "none" }],
        });
        Directory.CreateDirectory(Path.Combine(fixture.Rootfs, "mnt/x"));
        var result = Runner.Shim(bundle.Dir, "badmount");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Matches(@"^containerd-shim: badmount: mounts: mounts\[6\] /mnt/x: mount nosuchfs on .*/mnt/x: ENODEV \(No such device\)\n$", result.Stderr);
    }

    [Fact]
    public void A_missing_bundle_says_so()
    {
        var result = Runner.Run(ShimFixture.ShimPath, ["run", "--bundle", "/nonexistent-bundle", "gone"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("containerd-shim: gone: config: read /nonexistent-bundle/config.json: ENOENT (No such file or directory)\n", result.Stderr);
    }
}
