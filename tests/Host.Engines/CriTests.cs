using Google.Protobuf;
using Tests.HostEngines.Cri;

namespace Tests.HostEngines;

/// <summary>
/// The kubelet's path through containerd's CRI plugin, call by call, with runc and with our runtime
/// as the runc.v2 shim's binary: a pod sandbox on a CNI bridge, a container in it, its status, log
/// file and an exec, then stop and removal of both, leaving no cgroup, mount or shim behind.
/// </summary>
[Collection("engines")]
public sealed class CriTests(CriEngine engine) : IClassFixture<CriEngine>
{
    /// <summary>A line on stdout and one on stderr, then waits; SIGTERM makes it say bye and exit 4.</summary>
    private const string Service = "echo started; echo to-stderr >&2; trap 'echo bye; exit 4' TERM; while true; do sleep 0.2; done";

    [Fact]
    public void A_pod_and_its_container_run_exec_log_stop_and_are_removed()
    {
        Runtimes.BothGive(
            "ready 10.231.77.x | running | exec 3: pod-x eth0 10.231.77.x | exited 4 | stdout: started bye, stderr: to-stderr | removed | nothing left",
            r => PodLife(r, CriEngine.Handler(r)));
    }

    /// <summary>The same calls through our runtime v2 shim (one shim per container, the sandbox's included).</summary>
    [Fact]
    public void A_pod_and_its_container_run_the_same_through_our_v2_shim()
    {
        Assert.Equal(
            "ready 10.231.77.x | running | exec 3: pod-x eth0 10.231.77.x | exited 4 | stdout: started bye, stderr: to-stderr | removed | nothing left",
            PodLife("v2", CriEngine.Handler("v2")));
    }

    /// <summary>UpdateContainerResources reaches the container's cgroup (read on the host, at the path the
    /// container's /proc/self/cgroup names), and ContainerStats (the kubelet's) decodes the shim's metrics,
    /// through the runc v2 shim with runc and through our v2 shim.</summary>
    [Fact]
    public void Updated_cpu_resources_reach_the_containers_cgroup()
    {
        foreach (var runtime in (string[])["runc", "v2"])
            Assert.Equal("before 256 | after 512 50000 | stats: cpu and memory in use", CpuUpdate(runtime));
    }

    /// <summary>A container allocating past its memory limit is OOM-killed, and ContainerStatus gives the kubelet
    /// the reason OOMKilled (which the CRI plugin takes from the shim's TaskOOM, seen before the exit), through the
    /// runc v2 shim with runc and through our v2 shim. The allocation is bounded (see ShimV2Tests' OOM test).</summary>
    [Fact]
    public void An_oom_killed_container_has_the_reason_OOMKilled()
    {
        foreach (var runtime in (string[])["runc", "v2"])
            Assert.Equal("exited 137 OOMKilled", OomReason(runtime));
    }

    private string OomReason(string runtime)
    {
        var rt = engine.Runtime;
        var pod = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"oom-{runtime}", Uid = $"oom-uid-{runtime}", Namespace = "cinit-test" },
            LogDirectory = Path.Combine(engine.LogDirectory, "oom-" + runtime),
            Linux = new LinuxPodSandboxConfig { CgroupParent = $"/cinit-cri-oom-{runtime}" },
        };
        Directory.CreateDirectory(pod.LogDirectory);
        var podId = rt.RunPodSandbox(new RunPodSandboxRequest { Config = pod, RuntimeHandler = CriEngine.Handler(runtime) }).PodSandboxId;
        try
        {
            var container = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "oom" },
                Image = new ImageSpec { Image = CriEngine.Image },
                Command = { "sh", "-c", "x=a; i=0; while [ $i -lt 26 ]; do x=$x$x; i=$((i+1)); done; echo not killed" },
                LogPath = "oom.log",
                Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 32 << 20 } },
            };
            var id = rt.CreateContainer(new CreateContainerRequest { PodSandboxId = podId, Config = container, SandboxConfig = pod }).ContainerId;
            rt.StartContainer(new StartContainerRequest { ContainerId = id });
            var until = DateTime.UtcNow.AddSeconds(30);
            while (State(id).State != ContainerState.ContainerExited && DateTime.UtcNow < until) Thread.Sleep(100);
            var status = State(id);
            rt.RemoveContainer(new RemoveContainerRequest { ContainerId = id });
            return $"{(status.State == ContainerState.ContainerExited ? "exited" : status.State.ToString())} {status.ExitCode} {status.Reason}";
        }
        finally
        {
            rt.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = podId });
            rt.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = podId });
            Scratch.RemoveEmptyCgroups(pod.Linux.CgroupParent.TrimStart('/'));
        }
    }

    private string CpuUpdate(string runtime)
    {
        var rt = engine.Runtime;
        var pod = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"upd-{runtime}", Uid = $"upd-uid-{runtime}", Namespace = "cinit-test" },
            LogDirectory = Path.Combine(engine.LogDirectory, "upd-" + runtime),
            Linux = new LinuxPodSandboxConfig { CgroupParent = $"/cinit-cri-upd-{runtime}" },
        };
        Directory.CreateDirectory(pod.LogDirectory);
        var podId = rt.RunPodSandbox(new RunPodSandboxRequest { Config = pod, RuntimeHandler = CriEngine.Handler(runtime) }).PodSandboxId;
        try
        {
            var container = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "cpu" },
                Image = new ImageSpec { Image = CriEngine.Image },
                Command = { "sleep", "1000" },
                LogPath = "cpu.log",
                Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { CpuShares = 256 } },
            };
            var id = rt.CreateContainer(new CreateContainerRequest { PodSandboxId = podId, Config = container, SandboxConfig = pod }).ContainerId;
            rt.StartContainer(new StartContainerRequest { ContainerId = id });
            var path = rt.ExecSync(new ExecSyncRequest { ContainerId = id, Timeout = 30, Cmd = { "awk", "-F:", "$2 == \"cpu\" || $2 == \"cpu,cpuacct\" { print $3 }", "/proc/self/cgroup" } })
                .Stdout.ToStringUtf8().Trim();
            var dir = Directory.EnumerateDirectories("/sys/fs/cgroup").Select(h => h + path).First(d => File.Exists(Path.Combine(d, "cpu.shares")));
            string Read(string file) => File.ReadAllText(Path.Combine(dir, file)).Trim();
            var before = Read("cpu.shares");
            rt.UpdateContainerResources(new UpdateContainerResourcesRequest
            {
                ContainerId = id,
                Linux = new LinuxContainerResources { CpuShares = 512, CpuPeriod = 100000, CpuQuota = 50000 },
            });
            var after = $"{Read("cpu.shares")} {Read("cpu.cfs_quota_us")}";
            var stats = rt.ContainerStats(new ContainerStatsRequest { ContainerId = id }).Stats;
            var inUse = stats.Cpu?.UsageCoreNanoSeconds?.Value > 0 && stats.Memory?.UsageBytes?.Value > 0
                ? "cpu and memory in use" : stats.ToString();
            rt.StopContainer(new StopContainerRequest { ContainerId = id, Timeout = 2 });
            rt.RemoveContainer(new RemoveContainerRequest { ContainerId = id });
            return $"before {before} | after {after} | stats: {inUse}";
        }
        finally
        {
            rt.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = podId });
            rt.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = podId });
            Scratch.RemoveEmptyCgroups(pod.Linux.CgroupParent.TrimStart('/'));
        }
    }

    private string PodLife(string runtime, string handler)
    {
        var rt = engine.Runtime;
        var pod = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"pod-{runtime}", Uid = $"uid-{runtime}", Namespace = "cinit-test" },
            Hostname = "pod-x",
            LogDirectory = Path.Combine(engine.LogDirectory, runtime),
            Linux = new LinuxPodSandboxConfig { CgroupParent = $"/cinit-cri-{runtime}" },
        };
        Directory.CreateDirectory(pod.LogDirectory);
        var podId = rt.RunPodSandbox(new RunPodSandboxRequest { Config = pod, RuntimeHandler = handler }).PodSandboxId;
        var sandbox = rt.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = podId }).Status;
        var ip = sandbox.Network?.Ip ?? "";
        var ready = $"{(sandbox.State == PodSandboxState.SandboxReady ? "ready" : sandbox.State.ToString())} {Masked(ip, ip)}";

        var container = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "service" },
            Image = new ImageSpec { Image = CriEngine.Image },
            Command = { "sh", "-c", Service },
            LogPath = "service.log",
        };
        var id = rt.CreateContainer(new CreateContainerRequest { PodSandboxId = podId, Config = container, SandboxConfig = pod }).ContainerId;
        rt.StartContainer(new StartContainerRequest { ContainerId = id });
        var running = State(id).State == ContainerState.ContainerRunning ? "running" : State(id).ToString();

        var exec = rt.ExecSync(new ExecSyncRequest
        {
            ContainerId = id, Timeout = 30,
            Cmd = { "sh", "-c", "echo $(hostname) $(ip -4 -o addr show eth0 | awk '{print $2, $4}' | cut -d/ -f1); exit 3" },
        });
        var execResult = $"exec {exec.ExitCode}: {Masked(exec.Stdout.ToStringUtf8().Trim(), ip)}";

        WaitForLog(Path.Combine(pod.LogDirectory, container.LogPath), "started");
        rt.StopContainer(new StopContainerRequest { ContainerId = id, Timeout = 10 });
        var stopped = State(id);
        var exited = $"{(stopped.State == ContainerState.ContainerExited ? "exited" : stopped.State.ToString())} {stopped.ExitCode}";
        var log = LogLines(stopped.LogPath);

        rt.RemoveContainer(new RemoveContainerRequest { ContainerId = id });
        rt.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = podId });
        rt.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = podId });
        var removed = Gone(() => rt.ContainerStatus(new ContainerStatusRequest { ContainerId = id }))
            && Gone(() => rt.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = podId })) ? "removed" : "still listed";
        return $"{ready} | {running} | {execResult} | {exited} | {log} | {removed} | {Leftovers(podId, id, pod.Linux.CgroupParent)}";
    }

    private Cri.ContainerStatus State(string id) => engine.Runtime.ContainerStatus(new ContainerStatusRequest { ContainerId = id }).Status;

    /// <summary>The pod's address is whatever host-local gave out from the bridge's subnet: shown as
    /// SUBNET.x where the text has it, so the container must see the address the sandbox reports.</summary>
    private static string Masked(string text, string ip) =>
        ip.StartsWith(CriEngine.Subnet, StringComparison.Ordinal) ? text.Replace(ip, CriEngine.Subnet + "x", StringComparison.Ordinal) : text;

    /// <summary>The CRI log format, "TIMESTAMP STREAM F TEXT" per line (F: a full line), shown stream by
    /// stream: the two pipes are copied concurrently, so only each stream's own order is certain.</summary>
    private static string LogLines(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Split(' ', 4)).ToList();
        string Stream(string name) => string.Join(' ', lines.Where(f => f.Length == 4 && f[1] == name).Select(f => f[2] == "F" ? f[3] : $"({f[2]}) {f[3]}"));
        return $"stdout: {Stream("stdout")}, stderr: {Stream("stderr")}";
    }

    private static void WaitForLog(string path, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal)) && DateTime.UtcNow < until) Thread.Sleep(100);
    }

    private static bool Gone(Action status)
    {
        try
        {
            status();
            return false;
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return true;
        }
    }

    /// <summary>No cgroup of the pod or container, no mount naming the sandbox (its shm, its network
    /// namespace), no process whose command line names either (the runc.v2 shim, the pause process).</summary>
    private static string Leftovers(string podId, string id, string cgroupParent)
    {
        var left = new List<string>();
        if (Scenarios.CgroupLeft(id) || Scenarios.CgroupLeft(podId)) left.Add("cgroup");
        if (File.ReadAllText("/proc/self/mountinfo").Contains(podId, StringComparison.Ordinal)) left.Add("mount");
        foreach (var cmdline in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])).Select(d => Path.Combine(d, "cmdline")))
        {
            string text;
            try { text = File.ReadAllText(cmdline); } catch (IOException) { continue; }
            if (text.Contains(podId, StringComparison.Ordinal) || text.Contains(id, StringComparison.Ordinal)) left.Add($"process {cmdline}");
        }
        Scratch.RemoveEmptyCgroups(cgroupParent.TrimStart('/'));
        return left.Count == 0 ? "nothing left" : string.Join(", ", left) + " left";
    }
}
