using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>Whole builds of LinuxKit's top-level keys: ids by name, volumes, files from the host and from the
/// build's own configuration, the kernel's binary/tar/ucode, and several files merged.</summary>
public sealed class LinuxKitBuildTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public LinuxKitBuildTests()
    {
        var config = TestImage.Config(cmd: ["/bin/app"], user: "web:users");
        var etc = new TarLayer().Dir("etc")
            .File("etc/passwd", "root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\nweb:x:1000:1000::/:/bin/sh\n")
            .File("etc/group", "root:x:0:\nusers:x:100:\nnogroup:x:65534:\n").ToBytes();
        new TestImage(config, etc).WriteOciLayout(_ws["pkg/users"]);
        var kernel = new TarLayer().Dir("boot").File("boot/vmlinuz", "BZIMAGE").File("ucode.cpio", "UCODE-CPIO").ToBytes();
        new TestImage(null, kernel).WriteOciLayout(_ws["pkg/kernel2"]);
    }

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, CpioEntry> Build(params (string Name, string Text)[] files)
    {
        new ImageBuild(files.Select(f => _ws.Yaml(f.Name, f.Text)).ToList(), _ws.Out, _ws.Bin).Run();
        var name = Path.GetFileNameWithoutExtension(files[0].Name);
        return CpioReader.ReadGzip(Path.Combine(_ws.Out, $"{name}-initrd.img")).ToDictionary(e => e.Name);
    }

    private static JsonElement Config(Dictionary<string, CpioEntry> e, string bundle) =>
        JsonDocument.Parse(e[$"containers/{bundle}/config.json"].Data).RootElement;

    [Fact]
    public void IdsResolveThroughContainerNamesThenTheImagesPasswdAndGroup()
    {
        // YAML names: containers first (LinuxKit), then the image's files; the image's own User: its files first.
        var e = Build(("ids.yml", """
            kernel: {image: pkg/kernel}
            onboot:
              - {name: first, image: pkg/users, uid: nobody, gid: users, additionalGids: [nogroup, web, 5]}
            services:
              - {name: web, image: pkg/users, uid: first}
              - {name: plain, image: pkg/users}
            """));
        Assert.Equal("{\"uid\":65534,\"gid\":100,\"additionalGids\":[65534,101,5]}", Config(e, "onboot/000-first").GetProperty("process").GetProperty("user").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(100, Config(e, "services/web").GetProperty("process").GetProperty("user").GetProperty("uid").GetInt32());
        var plain = Config(e, "services/plain").GetProperty("process").GetProperty("user");
        Assert.Equal((1000, 100), (plain.GetProperty("uid").GetInt32(), plain.GetProperty("gid").GetInt32()));
    }

    [Fact]
    public void VolumesAreDirectoriesFilledFromTheirImageAndBoundByName()
    {
        var e = Build(("vol.yml", """
            kernel: {image: pkg/kernel}
            volumes:
              - {name: data, image: pkg/app}
              - {name: empty, readonly: true}
              - {name: layout, image: pkg/app, format: oci}
            services:
              - name: web
                image: pkg/app
                binds: ["data:/data", "empty:/empty:ro"]
            """));
        Assert.Equal("APP", e["containers/volumes/data/merged/bin/app"].Text);
        Assert.Equal(0x4000u, e["containers/volumes/empty/merged"].Type);
        Assert.Contains("imageLayoutVersion", e["containers/volumes/layout/merged/oci-layout"].Text);
        Assert.True(e.ContainsKey("containers/volumes/layout/merged/index.json"));
        var sources = Config(e, "services/web").GetProperty("mounts").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() == "bind").Select(m => m.GetProperty("source").GetString()).ToList();
        Assert.Equal(["/containers/volumes/data/merged", "/containers/volumes/empty/merged"], sources);
    }

    [Fact]
    public void ReadOnlyVolumeBoundWritableIsAnError()
    {
        var e = Assert.Throws<BuildFailure>(() => Build(("x.yml",
            "kernel: {image: pkg/kernel}\nvolumes:\n  - {name: v, readonly: true}\nservices:\n  - {name: web, image: pkg/app, binds: [\"v:/v\"]}\n")));
        Assert.Equal("x.yml:5:41: services[0].binds[0]: volume \"v\" is read-only: bind it with the option ro", e.Message.Replace(_ws["x.yml"], "x.yml"));
    }

    [Fact]
    public void FilesComeFromContentsHostFilesOrTheBuildsOwnConfiguration()
    {
        File.WriteAllText(_ws["motd.txt"], "from the host");
        var e = Build(("a.yml", """
            kernel: {image: pkg/kernel}
            services:
              - {name: web, image: pkg/app}
            files:
              - {path: /etc/motd, source: motd.txt, uid: web, gid: 3}
              - {path: etc/absent, source: no-such-file, optional: true}
              - {path: etc/linuxkit.json, metadata: json}
              - {path: var/lib/private, directory: true}
            """), ("b.yml", "kernel: {cmdline: console=ttyS1}\nfiles:\n  - {path: etc/extra, contents: x, mode: \"0644\"}\n"));
        Assert.Equal(("from the host", 100u, 3u, 0x180u), (e["etc/motd"].Text, e["etc/motd"].Uid, e["etc/motd"].Gid, e["etc/motd"].Permissions));
        Assert.DoesNotContain("etc/absent", e.Keys);
        Assert.Equal((0x4000u, 0x1C0u), (e["var/lib/private"].Type, e["var/lib/private"].Permissions));
        var meta = JsonNode.Parse(e["etc/linuxkit.json"].Text)!;
        Assert.Equal("console=ttyS1", (string?)meta["kernel"]!["cmdline"]);
        Assert.Equal("pkg/kernel", (string?)meta["kernel"]!["image"]);
        Assert.Equal(5, meta["files"]!.AsArray().Count);
    }

    [Fact]
    public void MissingSourceFileIsAnErrorUnlessOptional()
    {
        var e = Assert.Throws<BuildFailure>(() => Build(("x.yml", "kernel: {image: pkg/kernel}\nfiles:\n  - {path: etc/x, source: gone}\n")));
        Assert.Equal($"x.yml:3:5: files[0]: source {_ws["gone"]}: no such file", e.Message.Replace(_ws["x.yml"], "x.yml"));
    }

    [Fact]
    public void KernelBinaryTarAndUcodeAreTakenFromTheKernelImage()
    {
        new ImageBuild([_ws.Yaml("k.yml", "kernel:\n  image: pkg/kernel2\n  binary: boot/vmlinuz\n  tar: none\n  ucode: ucode.cpio\n")], _ws.Out, _ws.Bin).Run();
        Assert.Equal("BZIMAGE", File.ReadAllText(Path.Combine(_ws.Out, "k-kernel")));
        var initrd = File.ReadAllBytes(Path.Combine(_ws.Out, "k-initrd.img"));
        Assert.Equal("UCODE-CPIO", System.Text.Encoding.ASCII.GetString(initrd, 0, 10));
        using var gz = new GZipStream(new MemoryStream(initrd, 10, initrd.Length - 10), CompressionMode.Decompress);
        var raw = new MemoryStream();
        gz.CopyTo(raw);
        Assert.DoesNotContain(CpioReader.Read(raw.ToArray()), x => x.Name.StartsWith("lib/modules", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kernel:\n  image: pkg/kernel2\n", "x.yml:2:10: kernel.image: kernel image pkg/kernel2 has no /kernel file")]
    [InlineData("kernel:\n  image: pkg/kernel\n  tar: modules.tar\n", "x.yml:2:10: kernel.image: kernel image pkg/kernel has no /modules.tar file (kernel.tar)")]
    [InlineData("kernel:\n  image: pkg/kernel\n  ucode: ucode.cpio\n", "x.yml:2:10: kernel.image: kernel image pkg/kernel has no /ucode.cpio file (kernel.ucode)")]
    public void MissingKernelPartsAreErrors(string yaml, string expected)
    {
        var e = Assert.Throws<BuildFailure>(() => Build(("x.yml", yaml)));
        Assert.Equal(expected, e.Message.Replace(_ws["x.yml"], "x.yml"));
    }

    [Fact]
    public void ThreeFilesMergeInOrder()
    {
        var e = Build(
            ("m.yml", "kernel: {image: pkg/kernel, cmdline: one}\nonboot:\n  - {name: a, image: pkg/app}\nvolumes:\n  - {name: v}\n"),
            ("n.yml", "kernel: {cmdline: two}\nonboot:\n  - {name: b, image: pkg/app}\nservices:\n  - {name: s, image: pkg/app, binds: [\"v:/v\"]}\n"),
            ("o.yml", "kernel: {image: pkg/kernel2, binary: boot/vmlinuz, tar: none}\nonboot:\n  - {name: c, image: pkg/app}\n"));
        Assert.Equal("two", File.ReadAllText(Path.Combine(_ws.Out, "m-cmdline")));
        Assert.Equal("BZIMAGE", File.ReadAllText(Path.Combine(_ws.Out, "m-kernel")));
        Assert.True(e.ContainsKey("containers/onboot/000-a/config.json") && e.ContainsKey("containers/onboot/001-b/config.json") && e.ContainsKey("containers/onboot/002-c/config.json"));
        Assert.True(e.ContainsKey("containers/volumes/v/merged"));
    }

    [Fact]
    public void AContainerNamedTwiceAcrossFilesIsAnErrorInTheSecondFile()
    {
        var e = Assert.Throws<BuildFailure>(() => Build(("m.yml", "kernel: {image: pkg/kernel}\nservices:\n  - {name: a, image: pkg/app}\n"),
            ("n.yml", "services:\n  - {name: a, image: pkg/app}\n")));
        Assert.Equal("n.yml:2:12: services[0].name: duplicate container name \"a\" (first at m.yml:3:12, services[0])",
            e.Message.Replace(_ws.Path + "/", ""));
    }
}
