using System.Text.Json.Nodes;

namespace Tests.UnitBuilder.Support;

/// <summary>
/// A self-contained build input in a temp dir: a kernel image (an OCI layout with /kernel and a
/// /kernel.tar of modules), an app image in each of the three accepted forms, fake init/shim binaries,
/// and room for YAML files. Nothing from out/pkg is used.
/// </summary>
internal sealed class TestWorkspace : IDisposable
{
    public static readonly byte[] KernelBytes = "not really a kernel, but bytes to copy"u8.ToArray();

    private readonly TempDirectory _temp = new();

    public TestWorkspace()
    {
        var modules = new TarLayer().Dir("lib/modules/6.1.0-test").File("lib/modules/6.1.0-test/modules.dep", "kernel/virtio.ko:\n").ToBytes();
        new TestImage(null, new TarLayer().File("kernel", KernelBytes).File("kernel.tar", modules).ToBytes(gzip: true))
            .WriteOciLayout(this["pkg/kernel"]);
        var lower = new TarLayer().Dir("bin").File("bin/app", "APP", mode: 0x1ED).File("bin/gone", "x").ToBytes(gzip: true);
        var upper = new TarLayer().File("bin/.wh.gone", "").File("etc/app.conf", "conf").ToBytes();
        var app = new TestImage(TestImage.Config(entrypoint: ["/bin/app"], cmd: ["--serve"], env: ["PATH=/bin", "MODE=image"]), lower, upper);
        app.WriteOciLayout(this["pkg/app"]);
        app.WriteOciArchive(this["pkg/app-oci.tar"]);
        app.WriteDockerSave(this["pkg/app-docker.tar"]);
        Directory.CreateDirectory(this["bin"]);
        File.WriteAllText(this["bin/init"], "INIT");
        File.WriteAllText(this["bin/containerd-shim"], "SHIM");
    }

    public string Path => _temp.Path;
    public string Out => this["out"];
    public string Bin => this["bin"];

    public string this[string relative] => _temp[relative];

    public string Yaml(string name, string text)
    {
        var path = this[name];
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}
