using System.Text.Json;
using Builder;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>Whole builds from images the test makes itself: outputs, layout, reproducibility, failures.</summary>
public sealed class BuildTests : IDisposable
{
    private const string Image = """
        kernel:
          image: pkg/kernel
          cmdline: "console=ttyS0 quiet"
        onboot:
          - name: first
            image: pkg/app-oci.tar
            command: [/bin/app, --once]
          - name: second
            image: pkg/app-docker.tar
        services:
          - name: web
            image: ./pkg/app
            env: [MODE=yaml]
            readonly: true
        onshutdown:
          - name: bye
            image: pkg/app
        files:
          - path: etc/hostname
            contents: "box"
          - path: etc/motd
            symlink: hostname
          - path: var/empty
            directory: true
            mode: "0700"
        """;

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void Build(string outDir, params string[] yaml) => new ImageBuild(yaml, outDir, _ws.Bin).Run();

    [Fact]
    public void WritesKernelInitrdAndCmdlineNamedAfterTheYaml()
    {
        Build(_ws.Out, _ws.Yaml("demo.yml", Image));
        Assert.Equal(["demo-cmdline", "demo-initrd.img", "demo-kernel"], Directory.GetFileSystemEntries(_ws.Out).Select(Path.GetFileName).Order());
        Assert.Equal(TestWorkspace.KernelBytes, File.ReadAllBytes(Path.Combine(_ws.Out, "demo-kernel")));
        Assert.Equal("console=ttyS0 quiet", File.ReadAllText(Path.Combine(_ws.Out, "demo-cmdline")));
    }

    [Fact]
    public void InitramfsHoldsInitBaseDevicesModulesBundlesAndFiles()
    {
        Build(_ws.Out, _ws.Yaml("demo.yml", Image));
        var e = CpioReader.ReadGzip(Path.Combine(_ws.Out, "demo-initrd.img")).ToDictionary(x => x.Name);
        var text = CpioReader.FileTexts(e.Values);
        Assert.Equal(("INIT", 0x1EDu), (e["init"].Text, e["init"].Permissions));
        Assert.Equal(("SHIM", 0x1EDu), (e["usr/bin/containerd-shim"].Text, e["usr/bin/containerd-shim"].Permissions));
        foreach (var dir in new[] { "dev", "proc", "sys", "run", "tmp", "var", "etc", "containers" })
            Assert.Equal(0x4000u, e[dir].Type);
        Assert.Equal((0x2000u, 0x180u, 5u, 1u), (e["dev/console"].Type, e["dev/console"].Permissions, e["dev/console"].RdevMajor, e["dev/console"].RdevMinor));
        Assert.Equal((0x2000u, 0x1B6u, 1u, 3u), (e["dev/null"].Type, e["dev/null"].Permissions, e["dev/null"].RdevMajor, e["dev/null"].RdevMinor));
        Assert.Equal((0x2000u, 0x1B6u, 1u, 9u), (e["dev/urandom"].Type, e["dev/urandom"].Permissions, e["dev/urandom"].RdevMajor, e["dev/urandom"].RdevMinor));
        Assert.Equal("kernel/virtio.ko:\n", e["lib/modules/6.1.0-test/modules.dep"].Text);
        Assert.DoesNotContain("kernel", e.Keys);
        foreach (var bundle in new[] { "containers/onboot/000-first", "containers/onboot/001-second", "containers/services/web", "containers/onshutdown/000-bye" })
        {
            Assert.Equal("APP", text[$"{bundle}/rootfs/bin/app"]);
            Assert.Equal("conf", text[$"{bundle}/rootfs/etc/app.conf"]);
            Assert.DoesNotContain($"{bundle}/rootfs/bin/gone", e.Keys);
            Assert.DoesNotContain($"{bundle}/rootfs/bin/.wh.gone", e.Keys);
            Assert.True(e.ContainsKey($"{bundle}/config.json"), bundle);
        }
        Assert.Equal(("box", 0x180u), (e["etc/hostname"].Text, e["etc/hostname"].Permissions));
        Assert.Equal((0xA000u, "hostname"), (e["etc/motd"].Type, e["etc/motd"].Text));
        Assert.Equal((0x4000u, 0x1C0u), (e["var/empty"].Type, e["var/empty"].Permissions));
    }

    [Fact]
    public void ConfigJsonTakesImageDefaultsWhereTheYamlIsSilent()
    {
        Build(_ws.Out, _ws.Yaml("demo.yml", Image));
        var e = CpioReader.ReadGzip(Path.Combine(_ws.Out, "demo-initrd.img")).ToDictionary(x => x.Name);
        string Field(string bundle, string a, string b) =>
            JsonSerializer.Serialize(JsonDocument.Parse(e[$"containers/{bundle}/config.json"].Data).RootElement.GetProperty(a).GetProperty(b));
        Assert.Equal("[\"/bin/app\",\"--once\"]", Field("onboot/000-first", "process", "args"));
        Assert.Equal("[\"/bin/app\",\"--serve\"]", Field("onboot/001-second", "process", "args"));
        Assert.Equal("[\"PATH=/bin\",\"MODE=yaml\"]", Field("services/web", "process", "env"));
        Assert.Equal("true", Field("services/web", "root", "readonly"));
        Assert.Equal("\"rootfs\"", Field("onshutdown/000-bye", "root", "path"));
    }

    [Fact]
    public void BundlesOfOneImageShareFileDataAsHardLinksButNotDirectories()
    {
        Build(_ws.Out, _ws.Yaml("demo.yml", Image));
        var e = CpioReader.ReadGzip(Path.Combine(_ws.Out, "demo-initrd.img")).ToDictionary(x => x.Name);
        // web (./pkg/app) and bye (pkg/app) name one image; first and second are other archives of it.
        var web = e["containers/services/web/rootfs/bin/app"];
        var bye = e["containers/onshutdown/000-bye/rootfs/bin/app"];
        Assert.Equal(web.Inode, bye.Inode);
        // The other archives hold the same file (content, mode, owner): stored once too (Initramfs/IdenticalFiles.cs).
        var first = e["containers/onboot/000-first/rootfs/bin/app"];
        var second = e["containers/onboot/001-second/rootfs/bin/app"];
        Assert.Equal([web.Inode], new[] { bye.Inode, first.Inode, second.Inode }.Distinct());
        Assert.Equal((4u, 4u), (web.Links, bye.Links));
        Assert.Equal("APP", string.Concat(new[] { first, second, bye, web }.Select(x => x.Text)));
        var dirs = e.Values.Where(x => x.Name.EndsWith("/rootfs/bin", StringComparison.Ordinal)).Select(x => x.Inode).ToList();
        Assert.Equal(4, dirs.Distinct().Count());
    }

    [Fact]
    public void SameInputGivesByteIdenticalOutput()
    {
        var yaml = _ws.Yaml("demo.yml", Image);
        Build(_ws["out1"], yaml);
        Build(_ws["out2"], yaml);
        foreach (var name in new[] { "demo-kernel", "demo-initrd.img", "demo-cmdline" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_ws["out1"], name)), File.ReadAllBytes(Path.Combine(_ws["out2"], name)));
    }

    [Fact]
    public void SeveralYamlFilesMergeListsAppendAndScalarsOverride()
    {
        var extra = _ws.Yaml("extra.yml", "kernel:\n  cmdline: console=ttyS1\nservices:\n  - name: more\n    image: pkg/app\n");
        Build(_ws.Out, _ws.Yaml("demo.yml", Image), extra);
        Assert.Equal("console=ttyS1", File.ReadAllText(Path.Combine(_ws.Out, "demo-cmdline")));
        var names = CpioReader.ReadGzip(Path.Combine(_ws.Out, "demo-initrd.img")).Select(x => x.Name).ToHashSet();
        Assert.Contains("containers/services/web/config.json", names);
        Assert.Contains("containers/services/more/config.json", names);
    }

    [Fact]
    public void DefaultCmdlineIsTheSerialConsole()
    {
        Build(_ws.Out, _ws.Yaml("min.yml", "kernel:\n  image: pkg/kernel\n"));
        Assert.Equal("console=ttyS0", File.ReadAllText(Path.Combine(_ws.Out, "min-cmdline")));
    }

    [Fact]
    public void InitImagesGoOverOurOwnInitAndRuntime()
    {
        new TestImage(null, new TarLayer().File("init", "THEIR-INIT", mode: 0x1ED).ToBytes()).WriteOciLayout(_ws["pkg/init"]);
        Build(_ws.Out, _ws.Yaml("own.yml", "kernel:\n  image: pkg/kernel\ninit:\n  - pkg/init\n"));
        var e = CpioReader.ReadGzip(Path.Combine(_ws.Out, "own-initrd.img")).ToDictionary(x => x.Name);
        Assert.Equal("THEIR-INIT", e["init"].Text);
        Assert.Equal("SHIM", e["usr/bin/containerd-shim"].Text);
    }

    [Theory]
    [InlineData("  - name: web\n    image: pkg/missing\n", "x.yml:8:12: services[0].image: container \"web\": image pkg/missing: {ws}/pkg/missing: no such file or directory")]
    [InlineData("  - name: web\n    image: 127.0.0.1:1/getty:v1.0\n", "x.yml:8:12: services[0].image: container \"web\": image 127.0.0.1:1/getty:v1.0: pull 127.0.0.1:1/getty:v1.0: GET http://127.0.0.1:1/v2/getty/manifests/v1.0: Connection refused (ConnectionRefused)")]
    [InlineData("  - name: web\n    image: Bad/Name:v1\n", "x.yml:8:12: services[0].image: container \"web\": \"Bad/Name:v1\": bad repository name \"Bad/Name\" (lowercase letters, digits, '.', '_', '-' and '/')")]
    [InlineData("  - name: web\n    image: pkg\n", "x.yml:8:12: services[0].image: container \"web\": image pkg: {ws}/pkg: not an OCI image layout (no index.json) nor a docker save archive (no manifest.json)")]
    [InlineData("  - name: web\n    image: pkg/app\n    hostnme: x\n", "x.yml:9:5: services[0].hostnme: unknown key (did you mean \"hostname\"?)")]
    public void FailureNamesTheContainerAndPathAndLeavesNoOutput(string service, string expected)
    {
        var yaml = _ws.Yaml("x.yml", $"kernel:\n  image: pkg/kernel\nonboot:\n  - name: ok\n    image: pkg/app\nservices:\n{service}");
        var e = Assert.Throws<BuildFailure>(() => Build(_ws.Out, yaml));
        Assert.Equal(expected.Replace("{ws}", _ws.Path), e.Message.Replace(yaml, "x.yml"));
        Assert.True(!Directory.Exists(_ws.Out) || Directory.GetFileSystemEntries(_ws.Out).Length == 0, "no output, not even temp files");
    }

    [Fact]
    public void HostileLayerFailsTheBuildWithTheImageLayerAndEntry()
    {
        new TestImage(TestImage.Config(cmd: ["/x"]), new TarLayer().Symlink("l", "../..").File("l/etc/x", "pwned").ToBytes())
            .WriteOciLayout(_ws["pkg/evil"]);
        var yaml = _ws.Yaml("x.yml", "kernel:\n  image: pkg/kernel\nservices:\n  - name: evil\n    image: pkg/evil\n");
        var e = Assert.Throws<BuildFailure>(() => Build(_ws.Out, yaml));
        Assert.Matches("^.*x.yml:5:12: services\\[0\\].image: container \"evil\": image pkg/evil: layer 0 \\([0-9a-f]{64}\\): entry \"l/etc/x\": path climbs out of the root through a symlink$", e.Message);
    }

    [Fact]
    public void MissingOwnInitSaysWhatToRun()
    {
        File.Delete(Path.Combine(_ws.Bin, "containerd-shim"));
        var e = Assert.Throws<BuildFailure>(() => Build(_ws.Out, _ws.Yaml("x.yml", "kernel:\n  image: pkg/kernel\n")));
        Assert.Equal($"{_ws.Bin}/containerd-shim: missing (every image gets our own containerd-shim): run ./build.sh first, or pass --bin DIR", e.Message);
    }
}
