using System.Diagnostics;
using Tests.UnitBuilder.Support;

namespace Tests.HostBuilder;

/// <summary>
/// The builder's command line as a user runs it (a separate process, its cache and Docker config given by
/// <c>CINIT_CACHE</c> and <c>DOCKER_CONFIG</c>): push, build from registry references, cache ls/rm/prune.
/// </summary>
public sealed class BuilderCliTests(Registries registries) : IClassFixture<Registries>, IDisposable
{
    private const string Yaml = "kernel:\n  image: {kernel}\nonboot:\n  - name: app\n    image: {app}\nservices:\n  - name: web\n    image: {app}\n    command: [\"/bin/app\", \"-v\"]\n";

    private readonly TestWorkspace _ws = new();

    private string Cache => _ws["cache"];

    [Fact]
    public void ABuildFromPushedImagesEqualsTheBuildFromTheLayouts()
    {
        var registry = registries.WithAuth.Host;
        LoginForCli(registry);
        foreach (var (dir, name) in new[] { ("pkg/kernel", "kernel"), ("pkg/app", "app"), ("pkg/app-oci.tar", "app-tar") })
            Assert.Equal(0, Builder(out _, "push", _ws[dir], $"{registry}/cinit/{name}:v1").Code);
        var local = _ws.Yaml("local.yml", Yaml.Replace("{kernel}", "pkg/kernel").Replace("{app}", "pkg/app"));
        var pulled = _ws.Yaml("pulled.yml", Yaml.Replace("{kernel}", $"{registry}/cinit/kernel:v1").Replace("{app}", $"{registry}/cinit/app-tar:v1"));
        Assert.Equal(0, Builder(out var e1, "build", local, "-o", _ws["out1"], "--bin", _ws.Bin).Code);
        Assert.Equal(0, Builder(out var e2, "build", pulled, "-o", _ws["out2"], "--bin", _ws.Bin).Code);
        Assert.True(e1.Length + e2.Length == 0, e1 + e2);
        Assert.Equal(File.ReadAllBytes(_ws["out1/local-initrd.img"]), File.ReadAllBytes(_ws["out2/pulled-initrd.img"]));
        Assert.Equal(File.ReadAllBytes(_ws["out1/local-kernel"]), File.ReadAllBytes(_ws["out2/pulled-kernel"]));
    }

    [Fact]
    public void CacheLsRmAndPruneKeepWhatAReferenceReaches()
    {
        var registry = registries.Open.Host;
        Assert.Equal(0, Builder(out _, "push", _ws["pkg/app"], $"{registry}/cinit/app:v1").Code);
        Assert.Equal(0, Builder(out _, "push", _ws["pkg/kernel"], $"{registry}/cinit/kernel:v1").Code);
        Assert.Equal(0, Builder(out _, "pull", $"{registry}/cinit/app:v1").Code);
        Assert.Equal(0, Builder(out _, "pull", $"{registry}/cinit/kernel:v1").Code);
        var ls = Builder(out _, "cache", "ls").Output;
        Assert.Contains($"{registry}/cinit/app:v1 ", ls);
        Assert.Contains($"{registry}/cinit/kernel:v1 ", ls);
        var before = Blobs();
        Assert.Equal(4 + 3, before.Length); // app: manifest, config, 2 layers; kernel: manifest, config, 1 layer

        var rm = Builder(out _, "cache", "rm", $"{registry}/cinit/kernel:v1").Output;
        Assert.Contains("pruned 3 blobs", rm);
        Assert.Equal(4, Blobs().Length);
        Assert.DoesNotContain("cinit/kernel", Builder(out _, "cache", "ls").Output);

        Assert.Contains("pruned 0 blobs", Builder(out _, "cache", "prune").Output);
        var (code, _) = Builder(out var error, "cache", "rm", $"{registry}/cinit/kernel:v1");
        Assert.Equal((1, $"builder: cache rm {registry}/cinit/kernel:v1: no such reference or digest in {Cache}\n"), (code, error));
    }

    [Fact]
    public void AFailedPullInABuildNamesTheContainerAndImage()
    {
        var registry = registries.Open.Host;
        var yaml = _ws.Yaml("x.yml", Yaml.Replace("{kernel}", "pkg/kernel").Replace("{app}", $"{registry}/cinit/missing:v1"));
        var (code, _) = Builder(out var error, "build", yaml, "-o", _ws["out"], "--bin", _ws.Bin);
        Assert.Equal(1, code);
        Assert.Equal($"builder: {yaml}:5:12: onboot[0].image: container \"app\": image {registry}/cinit/missing:v1: "
                     + $"pull {registry}/cinit/missing:v1: manifest v1: 404 Not Found: MANIFEST_UNKNOWN: manifest unknown\n", error);
        Assert.False(Directory.Exists(Path.Combine(Cache, "blobs")) && Blobs().Length > 0, "nothing cached");
    }

    private string[] Blobs() => Directory.GetFiles(Path.Combine(Cache, "blobs", "sha256"));

    private void LoginForCli(string host)
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DockerRegistry.User}:{DockerRegistry.Password}"));
        Directory.CreateDirectory(_ws["docker"]);
        File.WriteAllText(_ws["docker/config.json"], "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    /// <summary>Runs builder.dll (beside the tests) with our cache and Docker config; a minute at most.</summary>
    private (int Code, string Output) Builder(out string error, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "builder.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CINIT_CACHE"] = Cache, ["DOCKER_CONFIG"] = _ws["docker"] },
        };
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException($"builder {string.Join(' ', args)} ran over a minute");
        }
        error = stderr.Result;
        return (p.ExitCode, stdout.Result);
    }

    public void Dispose() => _ws.Dispose();
}
