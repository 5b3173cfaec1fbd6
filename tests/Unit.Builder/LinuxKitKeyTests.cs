using Builder;
using static Tests.UnitBuilder.SpecSupport;

namespace Tests.UnitBuilder;

/// <summary>Each key of LinuxKit's container schema and where it lands in config.json (paths split on '/').</summary>
public sealed class LinuxKitKeyTests
{
    [Theory]
    // capabilities.add with no label adds to nothing; ambient caps join bounding, permitted and inheritable.
    [InlineData("capabilities.add: [CAP_NET_ADMIN]", "process/capabilities/effective", "[\"CAP_NET_ADMIN\"]")]
    [InlineData("capabilities: [CAP_KILL]\nambient: [CAP_NET_ADMIN]", "process/capabilities/ambient", "[\"CAP_NET_ADMIN\"]")]
    [InlineData("capabilities: [CAP_KILL]\nambient: [CAP_NET_ADMIN]", "process/capabilities/effective", "[\"CAP_KILL\"]")]
    [InlineData("capabilities: [CAP_KILL]\nambient: [CAP_NET_ADMIN]", "process/capabilities/permitted", "[\"CAP_KILL\",\"CAP_NET_ADMIN\"]")]
    [InlineData("capabilities: [cap_kill]", "process/capabilities/bounding", "[\"CAP_KILL\"]")]
    [InlineData("binds.add: [/a:/a]", "mounts/0", "{\"destination\":\"/a\",\"type\":\"bind\",\"source\":\"/a\",\"options\":[\"rw\",\"rbind\",\"rshared\"]}")]
    // devices: a node (the shim adds its allow rule) and a rule list for the shim to fill; "all" only the rule.
    [InlineData("devices:\n  - {path: /dev/fuse, type: c, major: 10, minor: 229, mode: \"0666\"}", "linux/devices",
        "[{\"type\":\"c\",\"path\":\"/dev/fuse\",\"major\":10,\"minor\":229,\"fileMode\":438}]")]
    [InlineData("devices:\n  - {path: /dev/fuse, type: c, major: 10, minor: 229, mode: \"0666\"}", "linux/resources/devices", "[]")]
    [InlineData("devices:\n  - {path: all, type: b}", "linux/resources", "{\"devices\":[{\"allow\":true,\"type\":\"b\",\"access\":\"rwm\"}]}")]
    [InlineData("devices:\n  - {path: all, type: b}", "linux/devices", null)]
    [InlineData("", "linux/resources", null)]
    [InlineData("resources:\n  memory: {limit: 1048576, swappiness: 0}\n  pids: {limit: 5}\n  blockio: {weight: 10}\n  cpu: {cpus: \"0-1\", quota: -1}",
        "linux/resources", "{\"memory\":{\"limit\":1048576,\"swappiness\":0},\"pids\":{\"limit\":5},\"blockIO\":{\"weight\":10},\"cpu\":{\"cpus\":\"0-1\",\"quota\":-1}}")]
    [InlineData("resources:\n  hugepageLimits: [{pageSize: 2MB, limit: 0}]\n  unified: {memory.high: \"100000\"}",
        "linux/resources", "{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":0}],\"unified\":{\"memory.high\":\"100000\"}}")]
    [InlineData("rootfsPropagation: rshared", "linux/rootfsPropagation", "\"rshared\"")]
    [InlineData("cgroupsPath: podruntime/web", "linux/cgroupsPath", "\"podruntime/web\"")]
    // Without one, a cgroup of its own, so init can kill what a dead shim leaves running (docs/cgroups.md).
    [InlineData("", "linux/cgroupsPath", "\"/containers/services/c\"")]
    [InlineData("sysctl:\n  net.ipv4.ip_forward: \"1\"\n  kernel.shmmax: 4096", "linux/sysctl", "{\"net.ipv4.ip_forward\":\"1\",\"kernel.shmmax\":\"4096\"}")]
    [InlineData("rlimits: [\"nofile,1024,2048\", \"RLIMIT_CORE, unlimited, unlimited\"]", "process/rlimits",
        "[{\"type\":\"RLIMIT_NOFILE\",\"hard\":2048,\"soft\":1024},{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":18446744073709551615}]")]
    [InlineData("oomScoreAdj: -500", "process/oomScoreAdj", "-500")]
    [InlineData("noNewPrivileges: true", "process/noNewPrivileges", "true")]
    [InlineData("maskedPaths: [/proc/x]", "linux/maskedPaths", "[\"/proc/x\"]")]
    [InlineData("readonlyPaths: []", "linux/readonlyPaths", "[]")]
    // uid/gid/additionalGids: numbers, root, or container names (LinuxKit: 100 upwards in YAML order).
    [InlineData("uid: c\ngid: 7\nadditionalGids: [c, 8, root]", "process/user", "{\"uid\":100,\"gid\":7,\"additionalGids\":[100,8,0]}")]
    [InlineData("uid: root\ngid: \"\"", "process/user", "{\"uid\":0,\"gid\":0}")]
    [InlineData("annotations: {x: y}", "annotations/x", "\"y\"")]
    [InlineData("uidMappings: [{containerID: 0, hostID: 1000, size: 10}]", "linux/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":10}]")]
    public void KeyLandsInConfigJson(string keys, string path, string? expected) => Assert.Equal(expected, Field(Create(keys), path));

    [Fact]
    public void RuntimeSectionBecomesInitsPolicyWithAbsolutePathsAndMountFlags()
    {
        var spec = Create("runtime:\n  mkdir: [/var/lib/x, data/y]\n  cgroups: [podruntime/c]\n  mounts:\n" +
            "    - {type: tmpfs, destination: /mnt/t, options: [nosuid, size=1m, rshared]}\n" +
            "    - {type: bind, source: /var, destination: /mnt/v, options: [rbind, ro]}\n" +
            "    - {type: overlay, source: overlay, destination: /mnt/o, options: [lowerdir=/a, upperdir=/u/up, workdir=/u/work]}\nreadonly: true");
        var r = Policy(spec).Runtime!;
        Assert.Equal(["/var/lib/x", "/containers/services/c/rootfs/data/y"], r.Mkdir);
        Assert.Equal(["podruntime/c"], r.Cgroups);
        Assert.Equal(("tmpfs", "/mnt/t", 0x2UL, 0x104000UL, "size=1m"), (r.Mounts[0].Source, r.Mounts[0].Target, r.Mounts[0].Flags, r.Mounts[0].Propagation.Single(), r.Mounts[0].Data));
        Assert.Equal(("/var", 0x5001UL, ""), (r.Mounts[1].Source, r.Mounts[1].Flags, r.Mounts[1].Data));
        Assert.Equal(["/u/up", "/u/work"], r.Mounts[2].Mkdir);
    }

    [Fact]
    public void NoRuntimeSectionLeavesThePolicyWithoutOne() =>
        Assert.DoesNotContain("runtime", Create("").Annotations![Oci.InitPolicyJson.Annotation]);

    [Theory]
    [InlineData("runtime:\n  interfaces: [{name: eth1, add: veth, peer: veth1}]", "runtime.interfaces: accepted without effect")]
    [InlineData("runtime:\n  bindNS: {net: /run/netns/c}", "runtime.bindNS: accepted without effect")]
    [InlineData("runtime:\n  namespace: services.linuxkit", "runtime.namespace: accepted without effect")]
    [InlineData("runtime:\n  mounts: [{type: tmpfs, destination: inside}]", "runtime.mounts[0]: a mount inside the rootfs is hidden by the container's writable layer")]
    public void KeysWithoutEffectWarn(string keys, string warning)
    {
        var indented = string.Concat(keys.Split('\n').Select(l => "    " + l + "\n"));
        var d = Builder.Yaml.ImageDefinitionReader.FromText("kernel:\n  image: k\nservices:\n  - name: c\n    image: i\n" + indented, "x.yml");
        var warnings = new List<string>();
        Builder.Bundles.ContainerSpecFactory.Create(d.Services[0], Bare, Context(d, warnings));
        Assert.Contains(warnings, w => w.StartsWith("x.yml:", StringComparison.Ordinal) && w.Contains(warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("userns: new")]
    [InlineData("uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\ngidMappings: [{containerID: 0, hostID: 100000, size: 65536}]")]
    public void UserNamespacesBuildWithoutWarning(string keys)
    {
        var indented = string.Concat(keys.Split('\n').Select(l => "    " + l + "\n"));
        var d = Builder.Yaml.ImageDefinitionReader.FromText("kernel:\n  image: k\nservices:\n  - name: c\n    image: i\n" + indented, "x.yml");
        var warnings = new List<string>();
        Builder.Bundles.ContainerSpecFactory.Create(d.Services[0], Bare, Context(d, warnings));
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("binds: [\"data:/data\"]", "x.yml:6:13: services[0].binds[0]: no volume named \"data\" (volumes: none)")]
    [InlineData("uid: nobody", "x.yml:6:10: services[0].uid: cannot find id \"nobody\": it is neither a container of this YAML nor in the image's /etc/passwd")]
    [InlineData("mounts:\n  - {type: bind, source: vol, destination: /v}", "x.yml:7:9: services[0].mounts[0]: no volume named \"vol\" (volumes: none)")]
    public void UnresolvableReferencesFailAtTheirNode(string keys, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => Create(keys)).Message);
}
