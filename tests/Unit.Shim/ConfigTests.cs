using Linux;
using Shim;
using Shim.Config;
using static Linux.Native.Sched;

namespace Tests.UnitShim;

public sealed class ConfigTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("bundle-").FullName;

    public ConfigTests() => Directory.CreateDirectory(Path.Combine(_bundle, "rootfs"));

    private static Oci.Spec Valid => new()
    {
        Process = new Oci.Process { Args = ["/bin/true"] },
        Root = new Oci.Root { Path = "rootfs" },
        Linux = new Oci.LinuxSection { Namespaces = [new() { Type = "pid" }, new() { Type = "uts" }, new() { Type = "network", Path = "/proc/1/ns/net" }] },
    };

    [Fact]
    public void Namespaces_split_into_unshare_flags_and_joins_with_no_mount_namespace_unless_listed()
    {
        var config = ContainerConfig.FromSpec(_bundle, Valid);
        Assert.Equal(CLONE_NEWPID | CLONE_NEWUTS, config.Namespaces.UnshareFlags);
        Assert.Equal([(CLONE_NEWNET, "/proc/1/ns/net")], config.Namespaces.Joins);
        Assert.True(config.Namespaces.Has(CLONE_NEWNET));
        Assert.Equal(Path.Combine(_bundle, "rootfs"), config.RootfsPath);
    }

    [Theory]
    [InlineData("process.args: must name the command to run")]
    [InlineData("linux.namespaces[0].type: unknown namespace type \"bogus\"")]
    [InlineData("linux.uidMappings: missing: a new user namespace needs a uid map")]
    [InlineData("mounts[1].destination: \"proc\" is not an absolute path")]
    [InlineData("process.cwd: \"tmp\" is not an absolute path")]
    public void Bad_fields_are_named(string message)
    {
        var spec = message switch
        {
            _ when message.StartsWith("process.args", StringComparison.Ordinal) => Valid with { Process = new Oci.Process { Args = [] } },
            _ when message.Contains("bogus", StringComparison.Ordinal) => Valid with { Linux = new() { Namespaces = [new() { Type = "bogus" }] } },
            _ when message.Contains("user", StringComparison.Ordinal) => Valid with { Linux = new() { Namespaces = [new() { Type = "user" }] } },
            _ when message.StartsWith("mounts", StringComparison.Ordinal) => Valid with { Mounts = [new() { Destination = "/dev", Type = "tmpfs" }, new() { Destination = "proc" }] },
            _ => Valid with { Process = new Oci.Process { Args = ["sh"], Cwd = "tmp" } },
        };
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal(message, e.Error.ToString());
    }

    [Fact]
    public void Broken_json_names_the_file_line_and_field()
    {
        File.WriteAllText(Path.Combine(_bundle, "config.json"), "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"},\n \"process\": {\"args\": [\"x\"], \"cwd\": \"/\",\n  \"user\": {\"uid\": \"x\"}}}");
        var e = Assert.Throws<SysException>(() => ContainerConfig.Load(_bundle));
        Assert.Equal($"{_bundle}/config.json:3:22: process.user.uid: not a valid value for this field", e.Error.ToString());
    }

    [Fact]
    public void A_missing_config_is_ENOENT_naming_it()
    {
        var e = Assert.Throws<SysException>(() => ContainerConfig.Load(_bundle));
        Assert.Equal($"read {_bundle}/config.json: ENOENT (No such file or directory)", e.Error.ToString());
    }

    [Theory]
    [InlineData("run --bundle /b c1", "/b", "c1")]
    [InlineData("run -b /b c1", "/b", "c1")]
    [InlineData("run c1 --bundle=/b", "/b", "c1")]
    [InlineData("run --preserve-fds 1 -b /b c1", "/b", "c1", 1)]
    [InlineData("run --preserve-fds=3 -b /b c1", "/b", "c1", 3)]
    public void The_command_line_reads_like_runc_run(string args, string bundle, string id, int preserve = 0)
    {
        var parsed = CommandLine.Parse(args.Split(' '), out var error);
        Assert.Null(error);
        Assert.Equal(new CommandLine("run", id, bundle, preserve), parsed);
    }

    [Theory]
    [InlineData("run --preserve-fds -b /b c1")]
    [InlineData("run --preserve-fds=-1 -b /b c1")]
    [InlineData("run --preserve-fds=65 -b /b c1")]
    [InlineData("run --preserve-fds=x -b /b c1")]
    public void Preserve_fds_needs_a_small_number(string args)
    {
        Assert.Null(CommandLine.Parse(args.Split(' '), out var error));
        Assert.StartsWith("--preserve-fds needs a number from 0 to 64", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("run -b")]
    [InlineData("run --nope c1")]
    [InlineData("run a/b")]
    [InlineData("nosuchverb c1")]
    public void Bad_command_lines_say_the_usage(string args)
    {
        Assert.Null(CommandLine.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), out var error));
        Assert.Contains("usage: containerd-shim run [--preserve-fds N] --bundle DIR ID", error);
    }

    public void Dispose() => Directory.Delete(_bundle, recursive: true);
}
