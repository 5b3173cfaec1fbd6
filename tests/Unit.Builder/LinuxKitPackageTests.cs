using System.Text.Json.Nodes;
using Builder;
using Builder.Assembly;
using Builder.Images;
using Builder.Tree;
using Tests.UnitBuilder.Support;
using static Tests.UnitBuilder.SpecSupport;

namespace Tests.UnitBuilder;

/// <summary>
/// LinuxKit's YAML and packages unchanged: its init, runc and containerd images are replaced by ours, the root
/// offers what its packages bind, a labelled image gets LinuxKit's defaults, and a bind whose source the
/// machine will not have is a build warning.
/// </summary>
public sealed class LinuxKitPackageTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("linuxkit/init:b5506cc74a6812dc40982cacfd2f4328f8a4b12a", true)]
    [InlineData("linuxkit/runc:v1", true)]
    [InlineData("docker.io/linuxkit/containerd:x", true)]
    [InlineData("linuxkit/containerd@sha256:0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("linuxkit/ca-certificates:v1", false)]
    [InlineData("example.com/linuxkit/init:v1", false)]
    [InlineData("./linuxkit/init", false)]
    [InlineData("linuxkit/init", false)]
    public void OnlyLinuxKitsOwnInitRuncAndContainerdAreReplaced(string reference, bool replaced) =>
        Assert.Equal(replaced, LinuxKitInitImages.IsReplaced(reference));

    [Fact]
    public void LinuxKitInitImagesAreNotFetchedAndOurInitRuntimeAndOtherInitImagesAreThere()
    {
        new TestImage(null, new TarLayer().File("etc/ssl/certs/ca-certificates.crt", "CERTS").ToBytes()).WriteOciLayout(_ws["pkg/certs"]);
        // 127.0.0.1:1 refuses connections: a pull of these references would fail the build.
        var yaml = _ws.Yaml("lk.yml", "kernel:\n  image: pkg/kernel\ninit:\n  - linuxkit/init:abc\n  - linuxkit/runc:def\n  - linuxkit/containerd:ghi\n  - pkg/certs\n");
        var (e, stderr) = BuildCapturing(yaml);
        Assert.Equal("INIT", e["init"].Text);
        Assert.Equal("SHIM", e["usr/bin/containerd-shim"].Text);
        foreach (var link in new[] { "runc", "ctr", "initctl" }) Assert.Equal("containerd-shim", e[$"usr/bin/{link}"].Text);
        Assert.Equal("CERTS", e["etc/ssl/certs/ca-certificates.crt"].Text);
        Assert.Equal("/run/resolvconf/resolv.conf", e["etc/resolv.conf"].Text);
        Assert.Contains("containers", e.Keys);
        Assert.Contains("builder: init image linuxkit/init:abc: replaced by our init and runtime (/init, /usr/bin/containerd-shim as runc, ctr and initctl)", stderr);
        Assert.Contains("builder: init image linuxkit/containerd:ghi: replaced by our init and runtime", stderr);
    }

    [Fact]
    public void AnInitImageWithItsOwnInitStillWinsAndSaysSo()
    {
        new TestImage(null, new TarLayer().File("init", "THEIR-INIT", mode: 0x1ED).ToBytes()).WriteOciLayout(_ws["pkg/init"]);
        var (e, stderr) = BuildCapturing(_ws.Yaml("own.yml", "kernel:\n  image: pkg/kernel\ninit:\n  - pkg/init\n"));
        Assert.Equal("THEIR-INIT", e["init"].Text);
        Assert.Equal("SHIM", e["usr/bin/containerd-shim"].Text);
        Assert.Contains("builder: init image pkg/init: its /init replaces ours", stderr);
    }

    [Fact]
    public void ABindWhoseSourceTheMachineWillNotHaveIsAWarningNamingContainerBindAndWhy()
    {
        var yaml = _ws.Yaml("b.yml", """
            kernel:
              image: pkg/kernel
            services:
              - name: getty
                image: pkg/app
                binds:
                  - /etc/resolv.conf:/etc/resolv.conf
                  - /run:/run
                  - /var/lib/containerd:/var/lib/containerd
                  - /usr/bin/ctr:/usr/bin/ctr
                  - /containers:/containers
                  - /dev:/dev
                  - /etc/getty.shadow:/etc/shadow
                  - /etc/missing.conf:/etc/x.conf
                  - /lib/modules:/lib/modules
            files:
              - path: etc/getty.shadow
                contents: "root::0:0:::::"
            """);
        var (_, stderr) = BuildCapturing(yaml);
        var warnings = stderr.Split('\n').Where(l => l.StartsWith("builder: warning: container \"getty\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(["builder: warning: container \"getty\": bind /etc/missing.conf:/etc/x.conf: /etc/missing.conf is not in the image's root (no init: image, volume or files: entry puts it there, and init does not make it at boot); the container will fail to start"], warnings);
    }

    [Theory]
    [InlineData("usr/bin/ctr", null)]
    [InlineData("etc/resolv.conf", null)]
    [InlineData("lnk/x", null)]
    [InlineData("etc/../run/x", null)]
    [InlineData("up/nothing", "/etc/nothing is not in")]
    [InlineData("loop", "/loop: too many levels of symbolic links")]
    public void BindSourcesFollowSymlinksInTheRoot(string source, string? why)
    {
        var root = new FsTree();
        root.Put("usr/bin/containerd-shim", FsNode.Directory(0x1ED));
        root.Put("usr/bin/ctr", FsNode.Symlink("containerd-shim"));
        root.Put("etc/resolv.conf", FsNode.Symlink("/run/resolvconf/resolv.conf"));
        root.Put("lnk", FsNode.Symlink("usr/bin"));
        root.Put("usr/bin/x", FsNode.Directory(0x1ED));
        root.Put("up", FsNode.Symlink("etc"));
        root.Put("loop", FsNode.Symlink("/loop"));
        var missing = BindSources.Missing(root, "/" + source);
        if (why is null) Assert.Null(missing);
        else Assert.StartsWith(why, missing);
    }

    private static ImageConfig Labelled(string json) =>
        Bare with { Labels = new Dictionary<string, string> { ["org.mobyproject.config"] = json } };

    [Theory]
    [InlineData("process/capabilities/effective", "[]")]
    [InlineData("linux/maskedPaths", "[]")]
    [InlineData("linux/readonlyPaths", "[]")]
    [InlineData("mounts/3/destination", "\"/sys\"")]
    [InlineData("mounts/3/options", "[\"nosuid\",\"noexec\",\"nodev\"]")]
    [InlineData("mounts/4/destination", "\"/sys/fs/cgroup\"")]
    [InlineData("mounts/4/type", "\"cgroup\"")]
    public void ALabelledImageGetsLinuxKitsDefaults(string path, string expected) =>
        Assert.Equal(expected, Field(Create("", Labelled("{\"pid\":\"host\"}")), path));

    [Fact]
    public void ALabelledImageHasLinuxKitsFiveMountsAndNoDevShm() =>
        Assert.Equal(["/dev", "/dev/pts", "/proc", "/sys", "/sys/fs/cgroup"],
            Create("", Labelled("{\"pid\":\"host\"}")).Mounts!.Select(m => m.Destination));

    [Theory]
    [InlineData("", "process/capabilities/effective", "[\"CAP_SYS_ADMIN\",\"CAP_NET_ADMIN\"]")]
    [InlineData("", "linux/readonlyPaths", "[]")]
    [InlineData("", "root/readonly", "true")]
    [InlineData("", "mounts/0/options", "[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]")]
    [InlineData("", "mounts/3/options", "[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]")]
    [InlineData("readonlyPaths: [/proc/sys]", "linux/readonlyPaths", "[\"/proc/sys\"]")]
    [InlineData("maskedPaths: [/proc/kcore]", "linux/maskedPaths", "[\"/proc/kcore\"]")]
    public void LinuxKitsSysctlPackageMayWriteProcSysUnlessTheYamlAsks(string keys, string path, string expected) =>
        Assert.Equal(expected, Field(Create(keys, Labelled(
            "{\"pid\":\"host\",\"readonly\":true,\"capabilities\":[\"CAP_SYS_ADMIN\",\"CAP_NET_ADMIN\"]}")), path));

    [Theory]
    [InlineData("linux/readonlyPaths", "[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]")]
    [InlineData("mounts/2/destination", "\"/dev/shm\"")]
    public void AnImageWithoutTheLabelKeepsOurDefaults(string path, string expected) =>
        Assert.Equal(expected, Field(Create(""), path));

    /// <summary>LinuxKit's getty label holds its devices' modes as JSON numbers (os.FileMode), its YAML as 0666.</summary>
    [Theory]
    [InlineData("", "{\"devices\":[{\"path\":\"/dev/ttyS0\",\"type\":\"c\",\"major\":4,\"minor\":64,\"mode\":438}]}")]
    [InlineData("devices: [{path: /dev/ttyS0, type: c, major: 4, minor: 64, mode: 0666}]", "{}")]
    [InlineData("devices: [{path: /dev/ttyS0, type: c, major: 4, minor: 64, mode: \"0666\"}]", "{}")]
    public void ADevicesModeIsANumberAsInLinuxKit(string keys, string label) =>
        Assert.Equal("438", Field(Create(keys, Labelled(label)), "linux/devices/0/fileMode"));

    private (Dictionary<string, CpioEntry> Entries, string Stderr) BuildCapturing(string yaml)
    {
        var error = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            new ImageBuild([yaml], _ws.Out, _ws.Bin, mirrors: Builder.Registry.RegistryMirrors.From(["http://127.0.0.1:1"], null)).Run();
        }
        finally
        {
            Console.SetError(error);
        }
        var name = Path.GetFileNameWithoutExtension(yaml);
        return (CpioReader.ReadGzip(Path.Combine(_ws.Out, $"{name}-initrd.img")).ToDictionary(x => x.Name), captured.ToString());
    }
}
