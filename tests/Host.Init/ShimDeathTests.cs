using Linux.Native;
using Oci;

namespace Tests.HostInit;

/// <summary>
/// A shim killed with SIGKILL leaves its container running, reparented to init. init must kill what is left
/// in the container's cgroup and wait for it to be empty before it restarts the service (else two instances
/// run) or goes on with the boot. Each container gets a cgroup path of its own name: the host's cgroup2
/// hierarchy is shared with whatever else runs on this machine.
/// </summary>
public sealed class ShimDeathTests : IDisposable
{
    private readonly List<string> _cgroups = [];

    private const string Sleep = "sleep\04242\0";

    [Fact]
    public void AServiceWhoseShimWasKilledRunsOnceAfterItsRestart()
    {
        using var root = InitRoot.Create();
        var name = "twin" + Guid.NewGuid().ToString("N")[..8];
        root.AddContainer("services", name, "echo up; exec sleep 4242",
            policy: new InitPolicy { RestartDelayMs = 100 }, cgroupsPath: Cgroup(name));
        using var init = InitUnderTest.Start(root);
        init.WaitFor($"{name} \\| up");
        WaitForSleeps(init, 1);
        var shim = ShimOf(init, name);
        Signal.kill(shim, Signal.SIGKILL);
        init.WaitFor($"service {name}: killed by SIGKILL");
        var restarted = WaitForSecond(init, $"service {name}: started");
        WaitForSleeps(init, 1);
        Thread.Sleep(500); // a second instance would be running by now
        Assert.True(SleepsUnder(init) == 1, $"{SleepsUnder(init)} instances of sleep 4242 running:\n{init.Log}");
        var killed = init.WaitFor($"service {name}: its shim ended with the container still running: killed what was left in /sys/fs/cgroup/cinit-hosttest/{name}");
        Assert.True(killed < restarted, init.Log);
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    [Fact]
    public void AnOnbootContainerWhoseShimWasKilledIsEndedAndTheBootGoesOn()
    {
        using var root = InitRoot.Create();
        var name = "hang" + Guid.NewGuid().ToString("N")[..8];
        root.AddContainer("onboot", $"000-{name}", "echo up; exec sleep 4242", cgroupsPath: Cgroup(name));
        using var init = InitUnderTest.Start(root);
        init.WaitFor($"{name} \\| up");
        WaitForSleeps(init, 1);
        Signal.kill(ShimOf(init, name), Signal.SIGKILL);
        init.WaitFor($"onboot {name}: its shim ended with the container still running: killed what was left");
        init.WaitFor($"onboot {name}: FAILED: killed by SIGKILL");
        init.WaitFor("boot: onboot done");
        Assert.True(SleepsUnder(init) == 0, $"{SleepsUnder(init)} instances of sleep 4242 still running:\n{init.Log}");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor("shutdown: powering off");
    }

    /// <summary>The same at shutdown: the onshutdown container's group is emptied before the services are stopped,
    /// not left for the final SIGKILL to all processes.</summary>
    [Fact]
    public void AnOnshutdownContainerWhoseShimWasKilledIsEndedBeforeTheServicesStop()
    {
        using var root = InitRoot.Create();
        var name = "bye" + Guid.NewGuid().ToString("N")[..8];
        root.AddContainer("onshutdown", $"000-{name}", "echo up; exec sleep 4242", cgroupsPath: Cgroup(name));
        using var init = InitUnderTest.Start(root);
        init.WaitFor("boot: onboot done");
        init.Signal(Signal.SIGUSR2);
        init.WaitFor($"{name} \\| up");
        WaitForSleeps(init, 1);
        Signal.kill(ShimOf(init, name), Signal.SIGKILL);
        var killed = init.WaitFor($"onshutdown {name}: its shim ended with the container still running: killed what was left in /sys/fs/cgroup/cinit-hosttest/{name}");
        var failed = init.WaitFor($"onshutdown {name}: FAILED: killed by SIGKILL");
        var stopping = init.WaitFor("shutdown: stopping services");
        Assert.True(killed < failed && failed < stopping, init.Log);
        init.WaitFor("shutdown: powering off");
    }

    private string Cgroup(string name)
    {
        _cgroups.Add(name);
        return $"/cinit-hosttest/{name}";
    }

    /// <summary>A failed run leaves its cgroup in the host's hierarchy (init's namespace died around it).</summary>
    public void Dispose()
    {
        var mount = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).FirstOrDefault(f => f[^3] == "cgroup2")?[4];
        if (mount is null) return;
        foreach (var dir in _cgroups.Select(n => $"{mount}/cinit-hosttest/{n}").Append($"{mount}/cinit-hosttest"))
            try { Directory.Delete(dir); } catch (IOException) { }
    }

    private static int WaitForSecond(InitUnderTest init, string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var lines = init.Log.Split('\n');
            var hits = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
            if (hits.Count >= 2) return hits[1];
            Thread.Sleep(50);
        }
        throw new TimeoutException($"no second \"{text}\":\n{init.Log}");
    }

    /// <summary>The host pid of the shim running NAME: a child of init whose command line names it.</summary>
    private static int ShimOf(InitUnderTest init, string name)
    {
        foreach (var pid in Descendants(init.HostPid))
        {
            var cmdline = Read($"/proc/{pid}/cmdline");
            if (cmdline.Contains("containerd-shim\0run\0", StringComparison.Ordinal) && cmdline.EndsWith($"\0{name}\0", StringComparison.Ordinal))
                return pid;
        }
        throw new InvalidOperationException($"no shim for {name} under init:\n{init.Log}");
    }

    private static void WaitForSleeps(InitUnderTest init, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (SleepsUnder(init) != count && DateTime.UtcNow < until) Thread.Sleep(50);
        Assert.True(SleepsUnder(init) == count, $"{SleepsUnder(init)} instances of sleep 4242, expected {count}:\n{init.Log}");
    }

    /// <summary>sleep 4242 processes in init's tree (other tests on this machine may run their own).</summary>
    private static int SleepsUnder(InitUnderTest init) => Descendants(init.HostPid).Count(p => Read($"/proc/{p}/cmdline") == Sleep);

    private static List<int> Descendants(int ancestor)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var stat = Read(Path.Combine(dir, "stat"));
            if (stat.Length == 0) continue;
            parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        bool Under(int pid)
        {
            for (var p = pid; parents.TryGetValue(p, out var parent); p = parent)
                if (parent == ancestor) return true;
            return false;
        }
        return parents.Keys.Where(Under).ToList();
    }

    private static string Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }
}
