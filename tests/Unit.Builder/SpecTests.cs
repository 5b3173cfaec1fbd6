using System.Text.Json;
using Builder.Bundles;
using Builder.Images;
using Builder.Yaml;
using Oci;

namespace Tests.UnitBuilder;

/// <summary>YAML container + image config -> config.json, one row per rule (LinuxKit's semantics).</summary>
public sealed class SpecTests
{
    private static readonly ImageConfig WithDefaults = new(
        Entrypoint: ["/bin/ep"], Cmd: ["a", "b"], Env: ["PATH=/bin", "A=1"], WorkingDir: "/w", User: "5:6");

    /// <summary>An image that only says what to run, like our busybox package with a Cmd.</summary>
    private static readonly ImageConfig Bare = ImageConfig.Empty with { Cmd = ["/bin/sh"] };

    private const string SortedDefaultCaps =
        "[\"CAP_AUDIT_WRITE\",\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FOWNER\",\"CAP_FSETID\",\"CAP_KILL\",\"CAP_MKNOD\"," +
        "\"CAP_NET_BIND_SERVICE\",\"CAP_NET_RAW\",\"CAP_SETFCAP\",\"CAP_SETGID\",\"CAP_SETPCAP\",\"CAP_SETUID\",\"CAP_SYS_CHROOT\"]";

    private const string DefaultCaps =
        "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\",\"CAP_NET_RAW\",\"CAP_SETGID\"," +
        "\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\",\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"]";

    [Theory]
    // command vs Entrypoint+Cmd: command replaces both.
    [InlineData("", true, "process.args", "[\"/bin/ep\",\"a\",\"b\"]")]
    [InlineData("command: [x, y]", true, "process.args", "[\"x\",\"y\"]")]
    [InlineData("command: [x]", false, "process.args", "[\"x\"]")]
    [InlineData("", false, "process.args", "[\"/bin/sh\"]")]
    // env: the image's is the base, YAML overrides by key and appends new keys; PATH is added when absent.
    [InlineData("env: [A=2, B=3]", true, "process.env", "[\"PATH=/bin\",\"A=2\",\"B=3\"]")]
    [InlineData("env: [X=1]", false, "process.env", "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"X=1\"]")]
    [InlineData("env: [PATH=/mine]", false, "process.env", "[\"PATH=/mine\"]")]
    // cwd and user: YAML, else the image's, else / and root.
    [InlineData("", true, "process.cwd", "\"/w\"")]
    [InlineData("cwd: /c", true, "process.cwd", "\"/c\"")]
    [InlineData("", false, "process.cwd", "\"/\"")]
    [InlineData("", true, "process.user", "{\"uid\":5,\"gid\":6}")]
    [InlineData("uid: 7", true, "process.user", "{\"uid\":7,\"gid\":6}")]
    [InlineData("uid: 1\ngid: 2", false, "process.user", "{\"uid\":1,\"gid\":2}")]
    // capabilities: Docker's default set, all, or a list, effective as given; bounding/permitted/inheritable sorted (LinuxKit).
    [InlineData("", false, "process.capabilities.effective", DefaultCaps)]
    [InlineData("", false, "process.capabilities.bounding", SortedDefaultCaps)]
    [InlineData("", false, "process.capabilities.permitted", SortedDefaultCaps)]
    [InlineData("capabilities: [CAP_NET_ADMIN, CAP_SYS_TIME]", false, "process.capabilities.effective", "[\"CAP_NET_ADMIN\",\"CAP_SYS_TIME\"]")]
    [InlineData("capabilities: [CAP_NET_ADMIN]", false, "process.capabilities.inheritable", "[\"CAP_NET_ADMIN\"]")]
    [InlineData("capabilities: [CAP_NET_ADMIN]", false, "process.capabilities.ambient", null)]
    [InlineData("capabilities: [all]", false, "process.capabilities.effective.40", "\"CAP_CHECKPOINT_RESTORE\"")]
    [InlineData("capabilities: all", false, "process.capabilities.bounding.0", "\"CAP_AUDIT_CONTROL\"")]
    [InlineData("capabilities: none", false, "process.capabilities.bounding", "[]")]
    [InlineData("capabilities: [NONE]", false, "process.capabilities.effective", "[]")]
    [InlineData("", false, "process.noNewPrivileges", "false")]
    // namespaces (LinuxKit): mount and pid new, network/ipc/uts/user the host's unless new or a path; hostname implies uts.
    [InlineData("", false, "linux.namespaces", "[{\"type\":\"pid\"},{\"type\":\"mount\"}]")]
    [InlineData("pid: host\nnet: host", false, "linux.namespaces", "[{\"type\":\"mount\"}]")]
    [InlineData("ipc: new\nuts: host\nnet: new", false, "linux.namespaces", "[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"mount\"}]")]
    [InlineData("net: none\npid: root", false, "linux.namespaces", "[{\"type\":\"network\"},{\"type\":\"mount\"}]")]
    [InlineData("net: /run/netns/x\nuts: new\nuserns: /proc/1/ns/user", false, "linux.namespaces",
        "[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/run/netns/x\"},{\"type\":\"uts\"},{\"type\":\"user\",\"path\":\"/proc/1/ns/user\"},{\"type\":\"mount\"}]")]
    [InlineData("hostname: box", false, "linux.namespaces", "[{\"type\":\"pid\"},{\"type\":\"uts\"},{\"type\":\"mount\"}]")]
    // readonly root, and the writable-layer annotation otherwise.
    [InlineData("", false, "root", "{\"path\":\"rootfs\",\"readonly\":false}")]
    [InlineData("readonly: true", false, "root", "{\"path\":\"rootfs\",\"readonly\":true}")]
    [InlineData("hostname: box", false, "hostname", "\"box\"")]
    // mounts (LinuxKit): runc's defaults, tmpfs, binds, mounts, one per destination, sorted by destination;
    // binds are rw,rbind,rshared, or the given options plus rbind.
    [InlineData("", false, "mounts.0", "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]}")]
    [InlineData("", false, "mounts.3", "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}")]
    [InlineData("", false, "mounts.4", "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]}")]
    [InlineData("binds: [/dev:/dev]", false, "mounts.0", "{\"destination\":\"/dev\",\"type\":\"bind\",\"source\":\"/dev\",\"options\":[\"rw\",\"rbind\",\"rshared\"]}")]
    [InlineData("binds: [/dev:/dev, \"/a:/b:ro,nosuid\"]", false, "mounts.0", "{\"destination\":\"/b\",\"type\":\"bind\",\"source\":\"/a\",\"options\":[\"ro\",\"nosuid\",\"rbind\"]}")]
    [InlineData("tmpfs: [\"/run:size=1m,mode=700\", /tmp]", false, "mounts.4", "{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1m\",\"mode=700\"]}")]
    [InlineData("tmpfs: [/tmp]", false, "mounts.5", "{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}")]
    [InlineData("mounts:\n  - type: cgroup\n    options: [ro]", false, "mounts.5", "{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\",\"options\":[\"ro\"]}")]
    [InlineData("mounts:\n  - source: proc\n    destination: /proc", false, "mounts.3", "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}")]
    [InlineData("mounts:\n  - destination: /dev", false, "mounts.0", "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}")]
    [InlineData("binds: [/x:/dev]\nmounts:\n  - {destination: /dev, type: devtmpfs}", false, "mounts.0", "{\"destination\":\"/dev\",\"type\":\"devtmpfs\",\"source\":\"devtmpfs\"}")]
    [InlineData("", false, "linux.maskedPaths.0", "\"/proc/acpi\"")]
    [InlineData("", false, "linux.readonlyPaths", "[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]")]
    public void ContainerBecomesConfigJson(string keys, bool imageHasDefaults, string field, string? expectedJson)
    {
        var spec = Create(keys, imageHasDefaults ? WithDefaults : Bare);
        using var doc = JsonDocument.Parse(OciJson.Serialize(spec));
        var actual = Select(doc.RootElement, field);
        Assert.Equal(expectedJson, actual is { } e ? JsonSerializer.Serialize(e) : null);
    }

    [Fact]
    public void NoCommandAnywhereIsAnError()
    {
        var e = Assert.Throws<Builder.BuildFailure>(() => Create("", ImageConfig.Empty));
        Assert.Equal("x.yml:4:5: services[0]: container \"c\" has no command: give \"command\" or use an image with Entrypoint/Cmd", e.Message);
    }

    [Theory]
    [InlineData("", "true")]
    [InlineData("readonly: true", null)]
    public void WritableLayerAnnotationUnlessReadonly(string keys, string? expected) =>
        Assert.Equal(expected, Create(keys, Bare).Annotations!.GetValueOrDefault(ContainerSpecFactory.WritableLayerAnnotation));

    /// <summary>The supervision keys, normalised into the policy annotation init reads (durations in ms, signals as numbers).</summary>
    [Theory]
    [InlineData("", "{\"restart\":\"always\",\"restartDelayMs\":1000,\"restartMaxDelayMs\":30000,\"restartLimit\":5,\"restartWindowMs\":60000,\"stopSignal\":15,\"stopTimeoutMs\":10000,\"after\":[],\"readiness\":\"none\",\"timeoutMs\":0,\"onFailure\":\"continue\"}")]
    [InlineData("restart: on-failure\nrestartDelay: 500ms\nrestartMaxDelay: 1m\nrestartLimit: 3\nrestartWindow: 20s\nstopSignal: SIGINT\nstopTimeout: 2.5s\nreadiness: none",
        "{\"restart\":\"on-failure\",\"restartDelayMs\":500,\"restartMaxDelayMs\":60000,\"restartLimit\":3,\"restartWindowMs\":20000,\"stopSignal\":2,\"stopTimeoutMs\":2500,\"after\":[],\"readiness\":\"none\",\"timeoutMs\":0,\"onFailure\":\"continue\"}")]
    [InlineData("readiness: fd", "{\"restart\":\"always\",\"restartDelayMs\":1000,\"restartMaxDelayMs\":30000,\"restartLimit\":5,\"restartWindowMs\":60000,\"stopSignal\":15,\"stopTimeoutMs\":10000,\"after\":[],\"readiness\":\"fd\",\"timeoutMs\":0,\"onFailure\":\"continue\"}")]
    [InlineData("stopSignal: HUP\nrestart: never", "{\"restart\":\"never\",\"restartDelayMs\":1000,\"restartMaxDelayMs\":30000,\"restartLimit\":5,\"restartWindowMs\":60000,\"stopSignal\":1,\"stopTimeoutMs\":10000,\"after\":[],\"readiness\":\"none\",\"timeoutMs\":0,\"onFailure\":\"continue\"}")]
    public void SupervisionKeysBecomeThePolicyAnnotation(string keys, string expected) =>
        Assert.Equal(expected, Create(keys, Bare).Annotations![InitPolicyJson.Annotation]);

    [Fact]
    public void OnbootPolicyAndAfterAreKept()
    {
        var yaml = "kernel:\n  image: k\nonboot:\n  - name: o\n    image: i\n    timeout: 2m\n    onFailure: poweroff\n" +
            "services:\n  - name: a\n    image: i\n  - name: b\n    image: i\n    after: [a]\n";
        var d = ImageDefinitionReader.FromText(yaml, "x.yml");
        var onboot = InitPolicyJson.Parse(ContainerSpecFactory.Create(d.Onboot[0], Bare).Annotations![InitPolicyJson.Annotation]);
        Assert.Equal((120_000, InitPolicyOnFailure.Poweroff), (onboot.TimeoutMs, onboot.OnFailure));
        Assert.Equal(["a"], InitPolicyJson.Parse(ContainerSpecFactory.Create(d.Services[1], Bare).Annotations![InitPolicyJson.Annotation]).After);
    }

    /// <summary>A service may be after an onboot container (e.g. a disk's mount), alone or with services.</summary>
    [Fact]
    public void AfterMayNameAnOnbootContainer()
    {
        var yaml = "kernel:\n  image: k\nonboot:\n  - name: mount\n    image: i\n" +
            "services:\n  - name: db\n    image: i\n    after: [mount]\n  - name: app\n    image: i\n    after: [mount, db]\n";
        var d = ImageDefinitionReader.FromText(yaml, "x.yml");
        Assert.Equal(["mount"], InitPolicyJson.Parse(ContainerSpecFactory.Create(d.Services[0], Bare).Annotations![InitPolicyJson.Annotation]).After);
        Assert.Equal(["mount", "db"], InitPolicyJson.Parse(ContainerSpecFactory.Create(d.Services[1], Bare).Annotations![InitPolicyJson.Annotation]).After);
    }

    [Fact]
    public void NonNumericImageUserIsAnErrorUnlessUidAndGidAreGiven()
    {
        var image = WithDefaults with { User = "nobody" };
        var e = Assert.Throws<Builder.BuildFailure>(() => Create("", image));
        Assert.Contains("the image's User \"nobody\" is neither numeric uid[:gid] nor found in the image's /etc/passwd and /etc/group", e.Message);
        Assert.Equal(new User { Uid = 3, Gid = 4 }, Create("uid: 3\ngid: 4", image).Process!.User);
    }

    private static Spec Create(string keys, ImageConfig image)
    {
        var indented = string.Concat(keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n"));
        var yaml = "kernel:\n  image: k\nservices:\n  - name: c\n    image: i\n" + indented;
        var d = ImageDefinitionReader.FromText(yaml, "x.yml");
        return ContainerSpecFactory.Create(d.Services[0], image);
    }

    private static JsonElement? Select(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (int.TryParse(part, out var i) && e.ValueKind == JsonValueKind.Array) e = e[i];
            else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(part, out var child)) e = child;
            else return null;
        }
        return e;
    }
}
