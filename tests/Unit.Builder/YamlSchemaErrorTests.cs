using Builder;
using Builder.Yaml;

namespace Tests.UnitBuilder;

/// <summary>The LinuxKit keys' wrong types and values: <c>FILE:LINE:COLUMN: PATH: message</c> at the offending node.</summary>
public sealed class YamlSchemaErrorTests
{
    private const string Head = "kernel:\n  image: k\nservices:\n  - name: a\n    image: i\n";

    [Theory]
    [InlineData("    capabilities.add: CAP_X\n", "x.yml:6:23: services[0].capabilities.add: expected a list of CAP_ names, \"all\" or \"none\"")]
    [InlineData("    ambient: [CAP_FLY]\n", "x.yml:6:15: services[0].ambient[0]: unknown capability \"CAP_FLY\" (expected a CAP_ name such as CAP_NET_ADMIN, or \"all\")")]
    [InlineData("    capabilities: [[CAP_KILL]]\n", "x.yml:6:20: services[0].capabilities[0]: expected a string, found a list")]
    [InlineData("    rlimits: [\"nofile,1\"]\n", "x.yml:6:15: services[0].rlimits[0]: expected \"name,soft,hard\" such as \"nofile,1024,2048\", found \"nofile,1\"")]
    [InlineData("    rlimits: [\"files,1,2\"]\n", "x.yml:6:15: services[0].rlimits[0]: unknown rlimit \"files\" (expected one of cpu, fsize, data, stack, core, rss, nproc, nofile, memlock, as, locks, sigpending, msgqueue, nice, rtprio, rttime)")]
    [InlineData("    rlimits: [\"nofile,3,2\"]\n", "x.yml:6:15: services[0].rlimits[0]: soft limit 3 is above the hard limit 2")]
    [InlineData("    rlimits: [\"nofile,lots,2\"]\n", "x.yml:6:15: services[0].rlimits[0]: expected a number or \"unlimited\" as a limit, found \"lots\"")]
    [InlineData("    oomScoreAdj: 2000\n", "x.yml:6:18: services[0].oomScoreAdj: expected a number from -1000 to 1000, found 2000")]
    [InlineData("    oomScoreAdj: high\n", "x.yml:6:18: services[0].oomScoreAdj: expected a whole number, found \"high\"")]
    [InlineData("    noNewPrivileges: yes\n", "x.yml:6:22: services[0].noNewPrivileges: expected true or false, found \"yes\"")]
    [InlineData("    sysctl: [a]\n", "x.yml:6:13: services[0].sysctl: expected a mapping, found a list")]
    [InlineData("    sysctl: {a: [1]}\n", "x.yml:6:17: services[0].sysctl.a: expected a string, found a list")]
    [InlineData("    annotations: [a]\n", "x.yml:6:18: services[0].annotations: expected a mapping, found a list")]
    [InlineData("    resources: {memory: {limit: lots}}\n", "x.yml:6:33: services[0].resources.memory.limit: expected a whole number, found \"lots\"")]
    [InlineData("    resources: {memry: {}}\n", "x.yml:6:17: services[0].resources.memry: unknown key (did you mean \"memory\"?)")]
    [InlineData("    resources: {pids: {limit: 1, max: 2}}\n", "x.yml:6:34: services[0].resources.pids.max: unknown key (known keys: limit)")]
    [InlineData("    resources: {devices: [{allow: maybe}]}\n", "x.yml:6:35: services[0].resources.devices[0].allow: expected true or false, found \"maybe\"")]
    [InlineData("    devices: [{path: /dev/x, type: c}]\n", "x.yml:6:15: services[0].devices[0]: missing required key \"mode\" (an octal mode such as \"0666\")")]
    [InlineData("    devices: [{path: /x, type: c, mode: \"0600\"}]\n", "x.yml:6:15: services[0].devices[0]: device path must be under /dev/ (or \"all\"), found \"/x\"")]
    [InlineData("    devices: [{path: /dev/x, type: z, mode: \"0600\"}]\n", "x.yml:6:36: services[0].devices[0].type: expected one of c, b, u, p, a, found \"z\"")]
    [InlineData("    mounts: [{destination: /x}]\n", "x.yml:6:14: services[0].mounts[0]: mount for destination /x is missing \"type\"")]
    [InlineData("    mounts: [{type: tmpfs}]\n", "x.yml:6:14: services[0].mounts[0]: mount of type tmpfs is missing \"destination\"")]
    [InlineData("    mounts: [{type: tmpfs, destination: /x, uidmappings: [{containerID: 0, hostID: 1, size: 1}]}]\n", "x.yml:6:58: services[0].mounts[0].uidmappings: id-mapped mounts are not supported by our shim")]
    [InlineData("    tmpfs: [\"/a:b:c\"]\n", "x.yml:6:13: services[0].tmpfs[0]: expected \"/dst[:options]\", found \"/a:b:c\" (too many ':')")]
    [InlineData("    tmpfs: [a]\n", "x.yml:6:13: services[0].tmpfs[0]: tmpfs destination must be an absolute path, found \"a\"")]
    [InlineData("    uid: [1]\n", "x.yml:6:10: services[0].uid: expected a string, found a list")]
    [InlineData("    additionalGids: 5\n", "x.yml:6:21: services[0].additionalGids: expected a list, found a scalar")]
    [InlineData("    rootfsPropagation: weird\n", "x.yml:6:24: services[0].rootfsPropagation: expected one of private, rprivate, shared, rshared, slave, rslave, unbindable, runbindable, found \"weird\"")]
    [InlineData("    uidMappings: [{containerID: 0, hostID: 1}]\n", "x.yml:6:19: services[0].uidMappings[0]: missing required key \"size\"")]
    [InlineData("    runtime: {mkdir: /x}\n", "x.yml:6:22: services[0].runtime.mkdir: expected a list, found a scalar")]
    [InlineData("    runtime: {bindNS: {net: relative}}\n", "x.yml:6:29: services[0].runtime.bindNS.net: expected an absolute path, found \"relative\"")]
    [InlineData("    runtime: {bindNS: {ipv6: /x}}\n", "x.yml:6:24: services[0].runtime.bindNS.ipv6: unknown key (known keys: cgroup, ipc, mnt, net, pid, user, uts)")]
    [InlineData("    runtime: {cgroups: [\"../x\"]}\n", "x.yml:6:25: services[0].runtime.cgroups[0]: expected a cgroup path such as \"podruntime/docker\", found \"../x\"")]
    [InlineData("    runtime: {interfaces: [{add: veth}]}\n", "x.yml:6:28: services[0].runtime.interfaces[0]: missing required key \"name\"")]
    [InlineData("    runtime: {mkdirs: [/x]}\n", "x.yml:6:15: services[0].runtime.mkdirs: unknown key (did you mean \"mkdir\"?)")]
    public void ContainerKeyErrors(string body, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(Head + body, "x.yml")).Message);

    [Theory]
    [InlineData("volumes:\n  - name: Bad\n", "x.yml:2:11: volumes[0].name: invalid volume name \"Bad\": expected [a-z0-9_-]+")]
    [InlineData("volumes:\n  - name: v\n  - name: v\n", "x.yml:3:11: volumes[1].name: duplicate volume name \"v\" (first at x.yml:2:11, volumes[0])")]
    [InlineData("volumes:\n  - name: v\n    format: squashfs\n", "x.yml:3:13: volumes[0].format: expected one of oci, filesystem, found \"squashfs\"")]
    [InlineData("volumes:\n  - name: v\n    format: oci\n", "x.yml:2:5: volumes[0]: format: oci needs an image")]
    [InlineData("volumes:\n  - image: i\n", "x.yml:2:5: volumes[0]: missing required key \"name\"")]
    [InlineData("kernel:\n  image: k\n  tar: ../x\n", "x.yml:3:8: kernel.tar: \"../x\": \"..\" not allowed")]
    [InlineData("kernel:\n  image: k\n  ucode: [x]\n", "x.yml:3:10: kernel.ucode: expected a string, found a list")]
    [InlineData("trust:\n  org: linuxkit\n", "x.yml:2:8: trust.org: expected a list, found a scalar")]
    [InlineData("trust:\n  orgs: [linuxkit]\n", "x.yml:2:3: trust.orgs: unknown key (did you mean \"org\"?)")]
    [InlineData("files:\n  - path: x\n    source: a\n    contents: b\n", "x.yml:2:5: files[0]: give only one of contents, directory: true, symlink, source, metadata")]
    [InlineData("files:\n  - path: x\n    metadata: toml\n", "x.yml:3:15: files[0].metadata: expected one of json, yaml, found \"toml\"")]
    [InlineData("files:\n  - path: x\n    contents: a\n    optional: true\n", "x.yml:2:5: files[0]: optional applies to source files only")]
    [InlineData("files:\n  - path: x\n    contents: a\n    uid: -3\n", "x.yml:4:10: files[0].uid: expected a non-negative number or a name, found \"-3\"")]
    public void TopLevelErrors(string body, string expected)
    {
        var text = body.StartsWith("kernel:", StringComparison.Ordinal) ? body : "kernel:\n  image: k\n" + body;
        var shift = body.StartsWith("kernel:", StringComparison.Ordinal) ? 0 : 2;
        var e = Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(text, "x.yml"));
        Assert.Equal(Shift(expected, shift), e.Message);
    }

    [Fact]
    public void TrustIsAcceptedWithAWarning()
    {
        var d = ImageDefinitionReader.FromText("kernel:\n  image: k\ntrust:\n  org: [linuxkit]\n", "x.yml");
        Assert.Equal(["x.yml:4:3: trust: accepted without effect (content trust is not implemented; every blob's digest is still checked)"], d.Warnings);
    }

    /// <summary>The top-level rows are written as if the body were the file; the kernel head moves them down.</summary>
    private static string Shift(string expected, int lines)
    {
        var parts = expected.Split(':', 3);
        return $"{parts[0]}:{int.Parse(parts[1]) + lines}:{parts[2]}".Replace("first at x.yml:2:11", $"first at x.yml:{2 + lines}:11");
    }
}
