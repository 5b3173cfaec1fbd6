using Oci;
using Pid1.Supervision;

namespace Tests.UnitInit;

/// <summary>init's side of LinuxKit's <c>runtime:</c> section: directories (mkdir -p), once per bundle, with
/// errors naming the path and errno. Mounts and cgroups are exercised in the VM (LinuxKitStyleBootTests).</summary>
public sealed class RuntimePreparationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("runtime-prep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MkdirMakesParentsAndAcceptsWhatExists()
    {
        var runtime = new InitPolicyRuntime { Mkdir = [$"{_dir}/a/b/c", $"{_dir}/a/b"] };
        Assert.Null(RuntimePreparation.Apply(runtime));
        Assert.True(Directory.Exists($"{_dir}/a/b/c"));
        Assert.Null(RuntimePreparation.Apply(runtime));
    }

    [Fact]
    public void MkdirUnderAFileSaysWhichPathAndWhy()
    {
        File.WriteAllText($"{_dir}/file", "");
        var error = RuntimePreparation.Apply(new InitPolicyRuntime { Mkdir = [$"{_dir}/file/sub"] });
        Assert.Equal($"mkdir {_dir}/file/sub: ENOTDIR (Not a directory)", error?.ToString());
    }

    [Fact]
    public void ABundleIsPreparedOnceSoARestartDoesNotRedoIt()
    {
        var bundle = Path.Combine(_dir, "svc");
        Directory.CreateDirectory(bundle);
        var policy = InitPolicyJson.Serialize(new InitPolicy { Runtime = new InitPolicyRuntime { Mkdir = [$"{_dir}/made"] } });
        var config = new Dictionary<string, Dictionary<string, string>> { ["annotations"] = new() { [InitPolicyJson.Annotation] = policy } };
        File.WriteAllText(Path.Combine(bundle, "config.json"), System.Text.Json.JsonSerializer.Serialize(config));
        var prep = new RuntimePreparation();
        var b = new ContainerBundle("services", bundle, "svc");
        Assert.Null(prep.PrepareOnce(b, Serilog.Core.Logger.None));
        Assert.True(Directory.Exists($"{_dir}/made"));
        Directory.Delete($"{_dir}/made");
        Assert.Null(prep.PrepareOnce(b, Serilog.Core.Logger.None));
        Assert.False(Directory.Exists($"{_dir}/made"));
    }
}
