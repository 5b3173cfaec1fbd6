using Linux;
using Shim.Config;

namespace Tests.UnitShim;

/// <summary>Every field the shim reads is checked before anything is created; each bad value gives one
/// error naming the field path. One row per rule.</summary>
public sealed class ConfigValidationTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("bundle-").FullName;

    public ConfigValidationTests() => Directory.CreateDirectory(Path.Combine(_bundle, "rootfs"));

    private static Oci.Spec Valid => new()
    {
        Process = new Oci.Process { Args = ["/bin/true"], Env = ["PATH=/bin"] },
        Root = new Oci.Root { Path = "rootfs" },
        Hostname = "box",
        Linux = new Oci.LinuxSection { Namespaces = [new() { Type = "pid" }, new() { Type = "uts" }, new() { Type = "ipc" }, new() { Type = "network" }, new() { Type = "mount" }] },
    };

    private static Oci.Spec WithProcess(Func<Oci.Process, Oci.Process> edit) => Valid with { Process = edit(Valid.Process!) };

    private static Oci.Spec WithLinux(Func<Oci.LinuxSection, Oci.LinuxSection> edit) => Valid with { Linux = edit(Valid.Linux!) };

    private static readonly Dictionary<string, (Oci.Spec Spec, string Error)> Cases = new()
    {
        ["oci version"] = (Valid with { OciVersion = "2.0.0" }, "ociVersion: \"2.0.0\" is not a 1.x runtime-spec version"),
        ["no process"] = (Valid with { Process = null }, "process: missing (the process to run)"),
        ["empty args"] = (WithProcess(p => p with { Args = [] }), "process.args: must name the command to run"),
        ["relative cwd"] = (WithProcess(p => p with { Cwd = "tmp" }), "process.cwd: \"tmp\" is not an absolute path"),
        ["env without ="] = (WithProcess(p => p with { Env = ["PATH=/bin", "JUSTNAME"] }), "process.env[1]: \"JUSTNAME\" is not NAME=VALUE"),
        ["uid -1"] = (WithProcess(p => p with { User = new() { Uid = uint.MaxValue } }), "process.user.uid: 4294967295 is not a valid uid"),
        ["gid -1"] = (WithProcess(p => p with { User = new() { Gid = uint.MaxValue } }), "process.user.gid: 4294967295 is not a valid gid"),
        ["extra gid -1"] = (WithProcess(p => p with { User = new() { AdditionalGids = [5, uint.MaxValue] } }), "process.user.additionalGids[1]: 4294967295 is not a valid gid"),
        ["umask"] = (WithProcess(p => p with { User = new() { Umask = 0x200 } }), "process.user.umask: 512 (01000) is more than 0777"),
        ["oom low"] = (WithProcess(p => p with { OomScoreAdj = -1001 }), "process.oomScoreAdj: -1001 is outside -1000..1000"),
        ["oom high"] = (WithProcess(p => p with { OomScoreAdj = 1001 }), "process.oomScoreAdj: 1001 is outside -1000..1000"),
        ["capability"] = (WithProcess(p => p with { Capabilities = new() { Permitted = ["CAP_KILL", "CAP_FLY"] } }), "process.capabilities.permitted[1]: unknown capability \"CAP_FLY\""),
        ["rlimit type"] = (WithProcess(p => p with { Rlimits = [new() { Type = "RLIMIT_FUN", Soft = 1, Hard = 1 }] }), "process.rlimits[0].type: unknown rlimit \"RLIMIT_FUN\""),
        ["rlimit soft"] = (WithProcess(p => p with { Rlimits = [new() { Type = "RLIMIT_NOFILE", Soft = 2048, Hard = 1024 }] }), "process.rlimits[0]: soft limit 2048 is above the hard limit 1024"),
        ["rlimit twice"] = (WithProcess(p => p with { Rlimits = [new() { Type = "RLIMIT_CORE" }, new() { Type = "RLIMIT_CORE" }] }), "process.rlimits[1].type: \"RLIMIT_CORE\" is given twice"),
        ["apparmor"] = (WithProcess(p => p with { ApparmorProfile = "docker-default" }), "process.apparmorProfile: \"docker-default\": AppArmor profiles are not supported by this runtime"),
        ["selinux"] = (WithProcess(p => p with { SelinuxLabel = "system_u:system_r:svirt_lxc_net_t:s0" }), "process.selinuxLabel: \"system_u:system_r:svirt_lxc_net_t:s0\": SELinux labels are not supported by this runtime"),
        ["no root"] = (Valid with { Root = null }, "root: missing (the container's root filesystem)"),
        ["root not a dir"] = (Valid with { Root = new() { Path = "nope" } }, "root.path: {bundle}/nope is not a directory"),
        ["propagation without mount namespace"] = (WithLinux(l => l with { Namespaces = [new() { Type = "pid" }, new() { Type = "uts" }], RootfsPropagation = "shared" }), "linux.rootfsPropagation: needs a mount namespace (linux.namespaces): it would change the runtime's own mounts"),
        ["namespace type"] = (WithLinux(l => l with { Namespaces = [new() { Type = "pidd" }] }), "linux.namespaces[0].type: unknown namespace type \"pidd\""),
        ["namespace twice"] = (WithLinux(l => l with { Namespaces = [new() { Type = "uts" }, new() { Type = "ipc" }, new() { Type = "uts", Path = "/proc/1/ns/uts" }] }), "linux.namespaces[2].type: \"uts\" is given twice"),
        ["namespace path"] = (WithLinux(l => l with { Namespaces = [new() { Type = "network", Path = "proc/1/ns/net" }] }), "linux.namespaces[0].path: \"proc/1/ns/net\" is not an absolute path"),
        ["user namespace"] = (WithLinux(l => l with { Namespaces = [new() { Type = "uts" }, new() { Type = "user" }] }), "linux.uidMappings: missing: a new user namespace needs a uid map"),
        ["hostname without uts"] = (WithLinux(l => l with { Namespaces = [new() { Type = "pid" }] }), "hostname: \"box\" needs a uts namespace (linux.namespaces)"),
        ["domainname without uts"] = (Valid with { Hostname = null, Domainname = "example.org", Linux = new() }, "domainname: \"example.org\" needs a uts namespace (linux.namespaces)"),
        ["id mappings"] = (WithLinux(l => l with { UidMappings = [new() { Size = 1 }] }), "linux.uidMappings: needs a user namespace (linux.namespaces has no \"user\")"),
        ["sysctl host ipc"] = (WithLinux(l => l with { Namespaces = [new() { Type = "uts" }], Sysctl = new() { ["kernel.shmmax"] = "1" } }), "linux.sysctl[\"kernel.shmmax\"]: needs an ipc namespace (it would change the host's)"),
        ["sysctl mqueue host ipc"] = (WithLinux(l => l with { Namespaces = [new() { Type = "uts" }], Sysctl = new() { ["fs.mqueue.msg_max"] = "1" } }), "linux.sysctl[\"fs.mqueue.msg_max\"]: needs an ipc namespace (it would change the host's)"),
        ["sysctl host net"] = (WithLinux(l => l with { Namespaces = [new() { Type = "uts" }], Sysctl = new() { ["net.ipv4.ip_forward"] = "1" } }), "linux.sysctl[\"net.ipv4.ip_forward\"]: needs a network namespace (it would change the host's)"),
        ["sysctl not namespaced"] = (WithLinux(l => l with { Sysctl = new() { ["vm.swappiness"] = "1" } }), "linux.sysctl[\"vm.swappiness\"]: is not in a namespace the container can have (it would change the host)"),
        ["sysctl hostname"] = (WithLinux(l => l with { Sysctl = new() { ["kernel.hostname"] = "x" } }), "linux.sysctl[\"kernel.hostname\"]: set the hostname field instead"),
        ["sysctl escape"] = (WithLinux(l => l with { Sysctl = new() { ["net/../../../etc/x"] = "1" } }), "linux.sysctl[\"net/../../../etc/x\"]: not a sysctl name"),
        ["device type"] = (WithLinux(l => l with { Devices = [new() { Type = "x", Path = "/dev/x" }] }), "linux.devices[0].type: unknown device type \"x\" (one of c, b, u, p)"),
        ["device path"] = (WithLinux(l => l with { Devices = [new() { Type = "c", Path = "dev/x" }] }), "linux.devices[0].path: \"dev/x\" is not an absolute path to a file"),
        ["device twice"] = (WithLinux(l => l with { Devices = [new() { Type = "c", Path = "/dev/x", Major = 1, Minor = 3 }, new() { Type = "c", Path = "/dev/x", Major = 1, Minor = 5 }] }), "linux.devices[1].path: \"/dev/x\" is given twice"),
        ["device major"] = (WithLinux(l => l with { Devices = [new() { Type = "c", Path = "/dev/x", Major = 4096 }] }), "linux.devices[0].major: 4096 is outside 0..4095"),
        ["device minor"] = (WithLinux(l => l with { Devices = [new() { Type = "b", Path = "/dev/x", Major = 8, Minor = -1 }] }), "linux.devices[0].minor: -1 is outside 0..1048575"),
        ["device mode"] = (WithLinux(l => l with { Devices = [new() { Type = "c", Path = "/dev/x", Major = 1, Minor = 3, FileMode = 0x21b6 }] }), "linux.devices[0].fileMode: 8630 (020666) has bits beyond 07777"),
        ["rootfs propagation"] = (WithLinux(l => l with { RootfsPropagation = "rsalve" }), "linux.rootfsPropagation: unknown value \"rsalve\" (one of [r]private, [r]slave, [r]shared, [r]unbindable)"),
        ["masked path"] = (WithLinux(l => l with { MaskedPaths = ["/proc/kcore", "proc/keys"] }), "linux.maskedPaths[1]: \"proc/keys\" is not an absolute path"),
        ["readonly path"] = (WithLinux(l => l with { ReadonlyPaths = ["sys"] }), "linux.readonlyPaths[0]: \"sys\" is not an absolute path"),
        ["mount destination"] = (Valid with { Mounts = [new() { Destination = "/dev", Type = "tmpfs" }, new() { Destination = "proc", Type = "proc" }] }, "mounts[1].destination: \"proc\" is not an absolute path"),
        ["mount option"] = (Valid with { Mounts = [new() { Destination = "/a", Type = "bind", Source = "/tmp", Options = ["ro", "rbnd"] }] }, "mounts[0].options[1]: unknown mount option \"rbnd\""),
        ["mount propagation"] = (Valid with { Mounts = [new() { Destination = "/a", Type = "tmpfs", Options = ["rpivate"] }] }, "mounts[0].options[0]: unknown mount option \"rpivate\""),
        ["mount type"] = (Valid with { Mounts = [new() { Destination = "/a", Source = "x" }] }, "mounts[0].type: missing (needed unless the options say bind or rbind)"),
        ["mount type path"] = (Valid with { Mounts = [new() { Destination = "/a", Type = "../tmpfs" }] }, "mounts[0].type: \"../tmpfs\" is not a filesystem type"),
        ["bind source"] = (Valid with { Mounts = [new() { Destination = "/a", Options = ["rbind"] }] }, "mounts[0].source: missing (a bind mount needs one)"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_bad_field_is_refused_naming_it(string name)
    {
        var (spec, error) = Cases[name];
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal(error.Replace("{bundle}", _bundle, StringComparison.Ordinal), e.Error.ToString());
    }

    [Fact]
    public void The_valid_spec_and_allowed_sysctls_pass()
    {
        var spec = WithLinux(l => l with
        {
            Sysctl = new() { ["kernel.shmmax"] = "1", ["fs.mqueue.msg_max"] = "1", ["net.ipv4.ip_forward"] = "1", ["kernel.domainname"] = "x" },
            Devices = [new() { Type = "p", Path = "/dev/fifo" }, new() { Type = "c", Path = "/dev/null2", Major = 1, Minor = 3, FileMode = 0x1b6 }],
            RootfsPropagation = "private",
        });
        var config = ContainerConfig.FromSpec(_bundle, spec);
        Assert.Equal(Linux.Native.Mount.MS_PRIVATE, config.RootfsPropagation);
    }

    public static TheoryData<string, string> RawCases() => new()
    {
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"x\"], \"cwd\": \"/\"}", "config.json:1:91: not valid JSON: Expected depth to be zero at the end of the JSON payload" },
        { "{\"ociVersion\": \"1.0.2\",\n \"root\": {\"path\": \"rootfs\",}, \"x\": 1}", "config.json:2:28: not valid JSON" },
        { "[1, 2]", "config.json: (top level): must be a JSON object" },
        { "{\"root\": {\"path\": \"rootfs\"}}", "config.json: ociVersion: missing" },
        { "{\"ociVersion\": \"\", \"root\": {\"path\": \"rootfs\"}}", "config.json: ociVersion: empty" },
        { "{\"ociVersion\": \"1.0.2\"}", "config.json: root: missing (the container's root filesystem)" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {}}", "config.json: root.path: missing" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"cwd\": \"/\"}}", "config.json: process.args: missing (the command to run)" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"x\"]}}", "config.json: process.cwd: missing" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"x\"], \"cwd\": \"/\"}}", "config.json: process.user: missing (the uid and gid the process runs as)" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"linux\": {\"devices\": [{\"type\": \"c\", \"path\": \"/dev/x\", \"major\": 1}]}}", "config.json: linux.devices[0].minor: missing (required unless type is \"p\")" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"x\"], \"cwd\": \"/\", \"user\": {\"uid\": -1}}}", "config.json:1:110: process.user.uid: not a valid value for this field" },
        { "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"x\"], \"cwd\": \"/\", \"oomScoreAdj\": \"high\"}}", "config.json:1:113: process.oomScoreAdj: not a valid value for this field" },
    };

    [Theory]
    [MemberData(nameof(RawCases))]
    public void Broken_or_incomplete_json_says_where(string json, string error)
    {
        File.WriteAllText(Path.Combine(_bundle, "config.json"), json);
        var e = Assert.Throws<SysException>(() => ContainerConfig.Load(_bundle));
        Assert.StartsWith($"{_bundle}/{error}", e.Error.ToString());
    }

    public void Dispose() => Directory.Delete(_bundle, recursive: true);
}
