using System.Text.Json;

namespace Tests.HostShim;

/// <summary>
/// <c>update --resources FILE</c> on this cgroup v1 (hybrid) host, side by side with runc on the same
/// bundle. Engines send whole resources objects: the CRI plugin's UpdateContainerResources passes the
/// container's device rules along with the new limits. runc 1.1's update never changes device rules
/// (it skips the devices controller), so neither do we: the limits change, the device list stays.
/// </summary>
public sealed class UpdateTests(ShimFixture fixture) : IClassFixture<ShimFixture>, IDisposable
{
    private const string Parent = "cinit-update-test";

    private const string AtCreate = """
        {"memory": {"limit": 33554432}, "pids": {"limit": 20},
         "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]}
        """;

    private const string Update = """
        {"memory": {"limit": 67108864}, "pids": {"limit": 30}, "devices": [{"allow": false, "access": "rwm"}]}
        """;

    private readonly V1Cgroups _v1 = V1Cgroups.OfThisHost();

    [Fact]
    public void Update_applies_new_limits_and_leaves_the_device_rules_like_runc()
    {
        var runc = Updated("/usr/sbin/runc", "runc");
        var ours = Updated(ShimFixture.ShimPath, "ours");
        Assert.Equal("update 0 | 67108864 30 | device rules unchanged | /dev/null writable", runc);
        Assert.Equal(runc, ours);
    }

    private string Updated(string runtime, string name)
    {
        var path = $"/{Parent}/{name}";
        var id = $"update-{name}-{Environment.ProcessId}";
        using var cli = new LifecycleCli(runtime);
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"], s => s with
        {
            Linux = s.Linux! with { CgroupsPath = path, Resources = JsonDocument.Parse(AtCreate).RootElement.Clone() },
        });
        var run = cli.Run("run", "-d", "--bundle", bundle.Dir, id);
        Assert.True(run.ExitCode == 0, run.ToString());
        var before = Read("devices", path, "devices.list");
        var file = Path.Combine(cli.Scratch, "resources.json");
        File.WriteAllText(file, Update);
        var update = cli.Run("update", "--resources", file, id);
        var limits = $"{Read("memory", path, "memory.limit_in_bytes")} {Read("pids", path, "pids.max")}";
        var devices = Read("devices", path, "devices.list") == before ? "device rules unchanged" : "device rules changed";
        var write = cli.Run("exec", id, "sh", "-c", "echo x > /dev/null").ExitCode == 0 ? "/dev/null writable" : "/dev/null refused";
        Assert.Equal(0, cli.Run("delete", "--force", id).ExitCode);
        return $"update {update.ExitCode}{(update.ExitCode == 0 ? "" : ": " + update.Stderr.Trim())} | {limits} | {devices} | {write}";
    }

    private string Read(string key, string path, string file) => File.ReadAllText($"{_v1.Dir(key, path)}/{file}").Trim();

    public void Dispose()
    {
        _v1.RemoveLeftovers("/" + Parent);
    }
}
