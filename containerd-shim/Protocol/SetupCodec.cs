using Linux.Native;
using Shim.Config;
using Shim.Seccomp;

namespace Shim.Protocol;

/// <summary>
/// The stage-1 → stage-2 handoff as bytes: a hand-written encoding of <see cref="ContainerSetup"/>, no
/// reflection and no JSON, so stage 2 spends no time on serializer contracts. Layout (little-endian):
/// <code>
///   u32 magic "CSU1"   u32 total length (header included)
///   the fields in the order of Write below: bool/flag = u8 0|1; string = u32 byte count + UTF-8;
///   optional = flag, then the value; list = u32 count, then the items
/// </code>
/// Decode refuses input that ends early, holds a flag that is not 0 or 1, a count larger than the
/// bytes left, a string that is not UTF-8, or bytes after the last field, naming the field
/// (<c>handoff: mounts[2].destination: truncated at byte 412 ...</c>). Both ends are the same binary,
/// so there is no versioning beyond the magic.
/// </summary>
internal static class SetupCodec
{
    public const uint Magic = 0x31555343; // "CSU1"
    private const int HeaderSize = 8;

    public static byte[] Encode(ContainerSetup s)
    {
        var w = new SetupWriter();
        w.U32(Magic);
        w.U32(0); // patched below
        w.String(s.Id);
        w.I32(s.PreserveFds);
        w.Bool(s.Detached);
        w.OptionalString(s.ConsoleSocket);
        w.I32(s.ExecTargetPid);
        w.Bool(s.OwnMountNamespace);
        w.Bool(s.UnshareCgroupNamespace);
        w.List(s.Joins, static (w, j) => { w.I32(j.Flag); w.String(j.Path); });
        w.String(s.Rootfs);
        w.Bool(s.WritableLayer);
        w.U64(s.RootfsPropagation);
        w.OptionalString(s.RootfsPropagationName);
        w.Bool(s.ReadonlyRoot);
        w.List(s.Mounts, static (w, m) =>
        {
            w.String(m.Destination);
            w.String(m.Type);
            w.OptionalString(m.Source);
            w.U64(m.Options.Flags);
            w.List(m.Options.Propagation, static (w, p) => w.U64(p));
            w.String(m.Options.Data);
        });
        w.U8((byte)s.Cgroup.Kind);
        w.List(s.Cgroup.Binds, static (w, b) => { w.String(b.Name); w.String(b.Directory); });
        w.List(s.Cgroup.Links, static (w, l) => { w.String(l.Name); w.String(l.Target); });
        w.Bool(s.DefaultDevices);
        w.List(s.Devices, static (w, d) =>
        {
            w.String(d.Path);
            w.U32(d.Mode);
            w.U32(d.Major);
            w.U32(d.Minor);
            w.OptionalU32(d.Uid);
            w.OptionalU32(d.Gid);
        });
        w.Bool(s.PauseForHooks);
        w.List(s.CreateContainerHooks, WriteHook);
        w.List(s.StartContainerHooks, WriteHook);
        w.List(s.Sysctls, static (w, kv) => { w.String(kv.Key); w.String(kv.Value); });
        w.OptionalI32(s.OomScoreAdj);
        w.OptionalString(s.Hostname);
        w.OptionalString(s.Domainname);
        w.Strings(s.MaskedPaths);
        w.Strings(s.ReadonlyPaths);
        w.Bool(s.Terminal);
        w.Strings(s.Args);
        w.Strings(s.Env);
        w.String(s.Cwd);
        w.U32(s.Uid);
        w.U32(s.Gid);
        w.List(s.AdditionalGids, static (w, g) => w.U32(g));
        w.U32(s.Umask);
        w.List(s.Rlimits, static (w, r) => { w.I32(r.Resource); w.String(r.Name); w.U64(r.Soft); w.U64(r.Hard); });
        var c = s.Capabilities;
        w.U64(c.Bounding);
        w.U64(c.Effective);
        w.U64(c.Permitted);
        w.U64(c.Inheritable);
        w.U64(c.Ambient);
        w.Bool(s.NoNewPrivileges);
        w.Bool(s.Seccomp is not null);
        if (s.Seccomp is { } filter)
        {
            w.U32(filter.Flags);
            w.List(filter.Program, static (w, i) => { w.U16(i.code); w.U8(i.jt); w.U8(i.jf); w.U32(i.k); });
        }
        w.PatchU32(4, (uint)w.Length);
        return w.ToArray();
    }

    private static void WriteHook(SetupWriter w, Oci.Hook h)
    {
        w.String(h.Path);
        w.Strings(h.Args ?? []);
        w.Bool(h.Env is not null);
        if (h.Env is not null) w.Strings(h.Env);
        w.OptionalI32(h.Timeout);
    }

    /// <summary>The total length from a header, to know how much more to read; throws when it is not one.</summary>
    public static int MessageLength(ReadOnlySpan<byte> header)
    {
        var r = new SetupReader(header);
        if (r.U32("magic") != Magic) throw SetupReader.Bad("magic", "not a stage-2 handoff");
        var length = r.U32("length");
        if (length < HeaderSize || length > MaxLength) throw SetupReader.Bad("length", $"{length} bytes is not a possible handoff length");
        return (int)length;
    }

    /// <summary>Bounds the buffer stage 2 allocates: far above a real config (args, env, mounts, a 4096-instruction filter).</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    public static ContainerSetup Decode(ReadOnlySpan<byte> data)
    {
        var length = MessageLength(data);
        if (length != data.Length) throw SetupReader.Bad("length", $"header says {length} bytes, {data.Length} arrived");
        // Over the whole message, so the offsets in errors are the message's own.
        var r = new SetupReader(data);
        r.U32("magic");
        r.U32("length");
        var setup = new ContainerSetup
        {
            Id = r.String("id"),
            PreserveFds = r.I32("preserveFds"),
            Detached = r.Bool("detached"),
            ConsoleSocket = r.OptionalString("consoleSocket"),
            ExecTargetPid = r.I32("execTargetPid"),
            OwnMountNamespace = r.Bool("ownMountNamespace"),
            UnshareCgroupNamespace = r.Bool("unshareCgroupNamespace"),
            Joins = ReadJoins(ref r),
            Rootfs = r.String("rootfs"),
            WritableLayer = r.Bool("writableLayer"),
            RootfsPropagation = r.U64("rootfsPropagation"),
            RootfsPropagationName = r.OptionalString("rootfsPropagationName"),
            ReadonlyRoot = r.Bool("readonlyRoot"),
            Mounts = ReadMounts(ref r),
            Cgroup = ReadCgroup(ref r),
            DefaultDevices = r.Bool("defaultDevices"),
            Devices = ReadDevices(ref r),
            PauseForHooks = r.Bool("pauseForHooks"),
            CreateContainerHooks = ReadHooks(ref r, "createContainer"),
            StartContainerHooks = ReadHooks(ref r, "startContainer"),
            Sysctls = ReadPairs(ref r, "sysctl"),
            OomScoreAdj = r.OptionalI32("oomScoreAdj"),
            Hostname = r.OptionalString("hostname"),
            Domainname = r.OptionalString("domainname"),
            MaskedPaths = r.Strings("maskedPaths"),
            ReadonlyPaths = r.Strings("readonlyPaths"),
            Terminal = r.Bool("terminal"),
            Args = r.Strings("args"),
            Env = r.Strings("env"),
            Cwd = r.String("cwd"),
            Uid = r.U32("uid"),
            Gid = r.U32("gid"),
            AdditionalGids = ReadGids(ref r),
            Umask = r.U32("umask"),
            Rlimits = ReadRlimits(ref r),
            Capabilities = new CapabilitySets(r.U64("capabilities.bounding"), r.U64("capabilities.effective"),
                r.U64("capabilities.permitted"), r.U64("capabilities.inheritable"), r.U64("capabilities.ambient")),
            NoNewPrivileges = r.Bool("noNewPrivileges"),
            Seccomp = ReadSeccomp(ref r),
        };
        if (!r.AtEnd) throw SetupReader.Bad("(end)", $"{data.Length - r.Offset} bytes after the last field");
        if (setup.Args.Count == 0) throw SetupReader.Bad("args", "empty (the process to run)");
        return setup;
    }

    private static List<NamespaceJoin> ReadJoins(ref SetupReader r)
    {
        var count = r.Count("joins", 8);
        var list = new List<NamespaceJoin>(count);
        for (var i = 0; i < count; i++) list.Add(new NamespaceJoin(r.I32($"joins[{i}].flag"), r.String($"joins[{i}].path")));
        return list;
    }

    private static List<MountEntry> ReadMounts(ref SetupReader r)
    {
        var count = r.Count("mounts", 25);
        var list = new List<MountEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var at = $"mounts[{i}]";
            var destination = r.String($"{at}.destination");
            var type = r.String($"{at}.type");
            var source = r.OptionalString($"{at}.source");
            var flags = r.U64($"{at}.flags");
            var propagationCount = r.Count($"{at}.propagation", 8);
            var propagation = new List<ulong>(propagationCount);
            for (var p = 0; p < propagationCount; p++) propagation.Add(r.U64($"{at}.propagation[{p}]"));
            var data = r.String($"{at}.data");
            list.Add(new MountEntry(destination, type, source, new Oci.MountArguments(flags, propagation, data)));
        }
        return list;
    }

    private static CgroupView ReadCgroup(ref SetupReader r)
    {
        var kind = r.U8("cgroup.kind");
        if (kind > (byte)CgroupViewKind.Legacy) throw SetupReader.Bad("cgroup.kind", $"{kind} is not a cgroup view");
        var binds = ReadPairs(ref r, "cgroup.binds");
        var links = ReadPairs(ref r, "cgroup.links");
        return new CgroupView((CgroupViewKind)kind, binds, links);
    }

    private static List<(string, string)> ReadPairs(ref SetupReader r, string field)
    {
        var count = r.Count(field, 8);
        var list = new List<(string, string)>(count);
        for (var i = 0; i < count; i++) list.Add((r.String($"{field}[{i}].key"), r.String($"{field}[{i}].value")));
        return list;
    }

    private static List<DeviceNode> ReadDevices(ref SetupReader r)
    {
        var count = r.Count("devices", 18);
        var list = new List<DeviceNode>(count);
        for (var i = 0; i < count; i++)
        {
            var at = $"devices[{i}]";
            list.Add(new DeviceNode(r.String($"{at}.path"), r.U32($"{at}.mode"), r.U32($"{at}.major"), r.U32($"{at}.minor"),
                r.OptionalU32($"{at}.uid"), r.OptionalU32($"{at}.gid")));
        }
        return list;
    }

    private static List<Oci.Hook> ReadHooks(ref SetupReader r, string kind)
    {
        var count = r.Count($"{kind}Hooks", 10);
        var list = new List<Oci.Hook>(count);
        for (var i = 0; i < count; i++)
        {
            var at = $"{kind}Hooks[{i}]";
            var path = r.String($"{at}.path");
            var args = r.Strings($"{at}.args");
            var env = r.Bool($"{at}.env") ? r.Strings($"{at}.env") : null;
            list.Add(new Oci.Hook { Path = path, Args = args, Env = env, Timeout = r.OptionalI32($"{at}.timeout") });
        }
        return list;
    }

    private static List<uint> ReadGids(ref SetupReader r)
    {
        var count = r.Count("additionalGids", 4);
        var list = new List<uint>(count);
        for (var i = 0; i < count; i++) list.Add(r.U32($"additionalGids[{i}]"));
        return list;
    }

    private static List<RlimitSetting> ReadRlimits(ref SetupReader r)
    {
        var count = r.Count("rlimits", 24);
        var list = new List<RlimitSetting>(count);
        for (var i = 0; i < count; i++)
        {
            var at = $"rlimits[{i}]";
            list.Add(new RlimitSetting(r.I32($"{at}.resource"), r.String($"{at}.name"), r.U64($"{at}.soft"), r.U64($"{at}.hard")));
        }
        return list;
    }

    private static SeccompFilter? ReadSeccomp(ref SetupReader r)
    {
        if (!r.Bool("seccomp")) return null;
        var flags = r.U32("seccomp.flags");
        var count = r.Count("seccomp.program", 8);
        if (count is 0 or > Filter.BPF_MAXINSNS)
            throw SetupReader.Bad("seccomp.program", $"{count} instructions (the kernel takes 1 to {Filter.BPF_MAXINSNS})");
        var program = new Filter.sock_filter[count];
        for (var i = 0; i < count; i++)
        {
            var at = $"seccomp.program[{i}]";
            program[i] = new Filter.sock_filter { code = r.U16($"{at}.code"), jt = r.U8($"{at}.jt"), jf = r.U8($"{at}.jf"), k = r.U32($"{at}.k") };
        }
        return new SeccompFilter(program, flags);
    }
}
