using System.Text.Json;
using Shim.Config;
using static Shim.Config.JsonValues;

namespace Shim.Cgroups.Model;

/// <summary>
/// Reads <c>linux.resources</c> by walking the parsed document, as <see cref="SpecReader"/> reads the rest
/// of config.json: the source-generated <see cref="ResourcesJson"/> builds its contracts through
/// reflection on first use, about 2.3 ms of CPU in each of stage 1 and stage 2 (strace of a run of
/// runc's default spec, whose one devices rule is enough to pay it), more than crun's whole setup gap.
/// Same rules as <see cref="ResourcesJson"/> (camelCase names, case-sensitive; null for nullable; integers
/// in range). Anything it does not accept, an unknown field or a value of the wrong kind, throws
/// <see cref="JsonShapeException"/>, and the caller reads the element again with the deserializer, whose
/// error names the field.
/// </summary>
internal static class ResourcesReader
{
    public static Resources Read(JsonElement e)
    {
        var r = new Resources();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            r = m.Name switch
            {
                "devices" => r with { Devices = List(v, x => Object(x, Device)!) },
                "memory" => r with { Memory = Object(v, Memory) },
                "cpu" => r with { Cpu = Object(v, Cpu) },
                "pids" => r with { Pids = Object(v, Pids) },
                "blockIO" => r with { BlockIO = Object(v, BlockIo) },
                "hugepageLimits" => r with { HugepageLimits = List(v, x => Object(x, Hugepage)!) },
                "network" => r with { Network = Object(v, Network) },
                "rdma" => r with { Rdma = Rdma(v) },
                "unified" => r with { Unified = Map(v) },
                _ => throw new JsonShapeException(),
            };
        }
        return r;
    }

    private static DeviceRule Device(JsonElement e)
    {
        var d = new DeviceRule();
        foreach (var m in Members(e))
            d = m.Name switch
            {
                "allow" => d with { Allow = Bool(m.Value) ?? throw new JsonShapeException() },
                "type" => d with { Type = String(m.Value) },
                "major" => d with { Major = NullableLong(m.Value) },
                "minor" => d with { Minor = NullableLong(m.Value) },
                "access" => d with { Access = String(m.Value) },
                _ => throw new JsonShapeException(),
            };
        return d;
    }

    private static MemoryLimits Memory(JsonElement e)
    {
        var l = new MemoryLimits();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            l = m.Name switch
            {
                "limit" => l with { Limit = NullableLong(v) },
                "reservation" => l with { Reservation = NullableLong(v) },
                "swap" => l with { Swap = NullableLong(v) },
                "kernel" => l with { Kernel = NullableLong(v) },
                "kernelTCP" => l with { KernelTCP = NullableLong(v) },
                "swappiness" => l with { Swappiness = NullableULong(v) },
                "disableOOMKiller" => l with { DisableOOMKiller = Bool(v) },
                "useHierarchy" => l with { UseHierarchy = Bool(v) },
                "checkBeforeUpdate" => l with { CheckBeforeUpdate = Bool(v) },
                _ => throw new JsonShapeException(),
            };
        }
        return l;
    }

    private static CpuLimits Cpu(JsonElement e)
    {
        var c = new CpuLimits();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            c = m.Name switch
            {
                "shares" => c with { Shares = NullableULong(v) },
                "quota" => c with { Quota = NullableLong(v) },
                "burst" => c with { Burst = NullableULong(v) },
                "period" => c with { Period = NullableULong(v) },
                "realtimeRuntime" => c with { RealtimeRuntime = NullableLong(v) },
                "realtimePeriod" => c with { RealtimePeriod = NullableULong(v) },
                "cpus" => c with { Cpus = String(v) },
                "mems" => c with { Mems = String(v) },
                "idle" => c with { Idle = NullableLong(v) },
                _ => throw new JsonShapeException(),
            };
        }
        return c;
    }

    private static PidsLimit Pids(JsonElement e)
    {
        var p = new PidsLimit();
        foreach (var m in Members(e))
            p = m.Name == "limit" ? p with { Limit = Long(m.Value) } : throw new JsonShapeException();
        return p;
    }

    private static BlockIoLimits BlockIo(JsonElement e)
    {
        var b = new BlockIoLimits();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            b = m.Name switch
            {
                "weight" => b with { Weight = NullableUShort(v) },
                "leafWeight" => b with { LeafWeight = NullableUShort(v) },
                "weightDevice" => b with { WeightDevice = List(v, x => Object(x, Weight)!) },
                "throttleReadBpsDevice" => b with { ThrottleReadBpsDevice = List(v, x => Object(x, Throttle)!) },
                "throttleWriteBpsDevice" => b with { ThrottleWriteBpsDevice = List(v, x => Object(x, Throttle)!) },
                "throttleReadIOPSDevice" => b with { ThrottleReadIOPSDevice = List(v, x => Object(x, Throttle)!) },
                "throttleWriteIOPSDevice" => b with { ThrottleWriteIOPSDevice = List(v, x => Object(x, Throttle)!) },
                _ => throw new JsonShapeException(),
            };
        }
        return b;
    }

    private static WeightDevice Weight(JsonElement e)
    {
        var w = new WeightDevice();
        foreach (var m in Members(e))
            w = m.Name switch
            {
                "major" => w with { Major = Long(m.Value) },
                "minor" => w with { Minor = Long(m.Value) },
                "weight" => w with { Weight = NullableUShort(m.Value) },
                "leafWeight" => w with { LeafWeight = NullableUShort(m.Value) },
                _ => throw new JsonShapeException(),
            };
        return w;
    }

    private static ThrottleDevice Throttle(JsonElement e)
    {
        var t = new ThrottleDevice();
        foreach (var m in Members(e))
            t = m.Name switch
            {
                "major" => t with { Major = Long(m.Value) },
                "minor" => t with { Minor = Long(m.Value) },
                "rate" => t with { Rate = ULong(m.Value) },
                _ => throw new JsonShapeException(),
            };
        return t;
    }

    private static HugepageLimit Hugepage(JsonElement e)
    {
        var h = new HugepageLimit();
        foreach (var m in Members(e))
            h = m.Name switch
            {
                "pageSize" => h with { PageSize = NonNullString(m.Value) },
                "limit" => h with { Limit = ULong(m.Value) },
                _ => throw new JsonShapeException(),
            };
        return h;
    }

    private static NetworkLimits Network(JsonElement e)
    {
        var n = new NetworkLimits();
        foreach (var m in Members(e))
            n = m.Name switch
            {
                "classID" => n with { ClassID = NullableUInt(m.Value) },
                // Cloned: the document they come from is disposed once config.json is read.
                "priorities" => n with { Priorities = List(m.Value, x => x.Clone()) },
                _ => throw new JsonShapeException(),
            };
        return n;
    }

    private static Dictionary<string, RdmaLimit>? Rdma(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        var map = new Dictionary<string, RdmaLimit>(StringComparer.Ordinal);
        foreach (var m in Members(e)) map[m.Name] = Object(m.Value, RdmaEntry)!;
        return map;
    }

    private static RdmaLimit RdmaEntry(JsonElement e)
    {
        var r = new RdmaLimit();
        foreach (var m in Members(e))
            r = m.Name switch
            {
                "hcaHandles" => r with { HcaHandles = NullableUInt(m.Value) },
                "hcaObjects" => r with { HcaObjects = NullableUInt(m.Value) },
                _ => throw new JsonShapeException(),
            };
        return r;
    }

    private static long? NullableLong(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Long(e);

    private static ulong? NullableULong(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : ULong(e);

    private static ushort? NullableUShort(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null
        : e.ValueKind == JsonValueKind.Number && e.TryGetUInt16(out var v) ? v : throw new JsonShapeException();
}
