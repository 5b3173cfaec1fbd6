using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using V1 = ShimV2.Protocol.CgroupsV1;
using V2 = ShimV2.Protocol.CgroupsV2;

namespace ShimV2.Serve;

/// <summary>
/// The Stats answer: our runtime's <c>events --stats</c> (runc's stats JSON) as the cgroups Metrics message
/// containerd expects of a runc-like shim — v2's on a unified host, v1's otherwise — in an Any named by the
/// message (<c>io.containerd.cgroups.v1.Metrics</c>). An empty answer would not do: containerd's CRI plugin fails
/// the whole ListContainerStats (the kubelet's stats of every pod) on a container whose stats it cannot decode.
/// </summary>
internal static class TaskStats
{
    public static Any FromRuntimeJson(string json, bool unified)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.GetProperty("data");
        ulong Get(params string[] path)
        {
            var e = data;
            foreach (var name in path)
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return 0;
            return e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) ? v : 0;
        }
        IMessage metrics;
        if (unified)
        {
            metrics = new V2.Metrics
            {
                Pids = new V2.PidsStat { Current = Get("pids", "current"), Limit = Get("pids", "limit") },
                Cpu = new V2.CPUStat { UsageUsec = Get("cpu", "usage", "total") / 1000, UserUsec = Get("cpu", "usage", "user") / 1000, SystemUsec = Get("cpu", "usage", "kernel") / 1000 },
                Memory = new V2.MemoryStat { Usage = Get("memory", "usage", "usage"), UsageLimit = Get("memory", "usage", "limit"), InactiveFile = Get("memory", "raw", "inactive_file") },
            };
        }
        else
        {
            var usage = new V1.CPUUsage { Total = Get("cpu", "usage", "total"), Kernel = Get("cpu", "usage", "kernel"), User = Get("cpu", "usage", "user") };
            if (data.TryGetProperty("cpu", out var cpu) && cpu.TryGetProperty("usage", out var u) && u.TryGetProperty("percpu", out var per) && per.ValueKind == JsonValueKind.Array)
                foreach (var c in per.EnumerateArray()) usage.PerCpu.Add(c.GetUInt64());
            metrics = new V1.Metrics
            {
                Pids = new V1.PidsStat { Current = Get("pids", "current"), Limit = Get("pids", "limit") },
                Cpu = new V1.CPUStat { Usage = usage },
                Memory = new V1.MemoryStat
                {
                    Cache = Get("memory", "raw", "cache"), Rss = Get("memory", "raw", "rss"), TotalInactiveFile = Get("memory", "raw", "total_inactive_file"),
                    Usage = new V1.MemoryEntry { Usage = Get("memory", "usage", "usage"), Limit = Get("memory", "usage", "limit"), Max = Get("memory", "usage", "max"), Failcnt = Get("memory", "usage", "failcnt") },
                },
            };
        }
        return new Any { TypeUrl = metrics.Descriptor.FullName, Value = metrics.ToByteString() };
    }

    /// <summary>containerd's test for a unified host: cgroup2 mounted at /sys/fs/cgroup itself.</summary>
    public static bool UnifiedHost => File.Exists("/sys/fs/cgroup/cgroup.controllers");
}
