using System.Collections;
using System.Reflection;
using System.Text;
using Linux;
using Linux.Native;
using Shim.Config;
using Shim.Protocol;
using Shim.Seccomp;
using Shim.Stage1;

namespace Tests.UnitShim;

/// <summary>The stage-1 → stage-2 handoff (Protocol/SetupCodec): every field survives the trip, and
/// input that is cut short or corrupt is refused naming the field, never read as something else.</summary>
public sealed class SetupCodecTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("setup-").FullName;

    public SetupCodecTests() => Directory.CreateDirectory(Path.Combine(_bundle, "rootfs"));

    public void Dispose() => Directory.Delete(_bundle, recursive: true);

    /// <summary>Every field set, none to its default, and every list with items.</summary>
    private static ContainerSetup Full => new()
    {
        Id = "web-1",
        PreserveFds = 2,
        Detached = true,
        ConsoleSocket = "/run/console.sock",
        ExecTargetPid = 4242,
        OwnMountNamespace = true,
        UnshareCgroupNamespace = true,
        Joins = [new(Sched.CLONE_NEWNET, "/proc/7/ns/net"), new(Sched.CLONE_NEWIPC, "/proc/7/ns/ipc")],
        Rootfs = "/containers/services/web/rootfs",
        WritableLayer = true,
        RootfsPropagation = Mount.MS_SHARED | Mount.MS_REC,
        RootfsPropagationName = "rshared",
        ReadonlyRoot = true,
        Mounts =
        [
            new("/proc", "proc", "proc", new Oci.MountArguments(Mount.MS_NOSUID | Mount.MS_NODEV, [], "")),
            new("/data", "bind", "/var/data", new Oci.MountArguments(Mount.MS_BIND | Mount.MS_REC | Mount.MS_RDONLY, [Mount.MS_SLAVE | Mount.MS_REC], "")),
            new("/tmp", "tmpfs", null, new Oci.MountArguments(0, [], "size=65536k,mode=1777")),
        ],
        Cgroup = new CgroupView(CgroupViewKind.Legacy, [("memory", "/sys/fs/cgroup/memory/containers/web-1")], [("cpu", "cpu,cpuacct")]),
        DefaultDevices = true,
        Devices = [new("/dev/fuse", Stat.S_IFCHR | 0x1b6, 10, 229, 0, 5), new("/dev/sda", Stat.S_IFBLK | 0x180, 8, 0, null, null)],
        PauseForHooks = true,
        CreateContainerHooks = [new Oci.Hook { Path = "/bin/hook", Args = ["hook", "create"], Env = ["A=1"], Timeout = 5 }],
        StartContainerHooks = [new Oci.Hook { Path = "/bin/start", Args = [], Env = null, Timeout = null }],
        Sysctls = [("net.ipv4.ip_forward", "1"), ("kernel.msgmax", "8192")],
        OomScoreAdj = -500,
        Hostname = "web",
        Domainname = "example.org",
        MaskedPaths = ["/proc/kcore", "/proc/keys"],
        ReadonlyPaths = ["/proc/sys", "/proc/sysrq-trigger"],
        Terminal = true,
        Args = ["/bin/sh", "-c", "echo \"ünïcode\""],
        Env = ["PATH=/usr/bin:/bin", "TERM=xterm"],
        Cwd = "/srv",
        Uid = 1000,
        Gid = 1001,
        AdditionalGids = [10, 20],
        Umask = 0x3f,
        Rlimits = [new(Resource.FromName("RLIMIT_NOFILE"), "RLIMIT_NOFILE", 1024, 4096)],
        Capabilities = new CapabilitySets(0x1, 0x2, 0x4, 0x8, 0x10),
        NoNewPrivileges = true,
        Seccomp = new SeccompFilter([new Filter.sock_filter { code = 0x20, jt = 1, jf = 2, k = 4 }, new Filter.sock_filter { code = 0x06, k = 0x7fff0000 }], 3),
    };

    [Fact]
    public void Every_field_survives_the_round_trip()
    {
        var decoded = SetupCodec.Decode(SetupCodec.Encode(Full));
        AssertSameTree(Full, decoded, "setup");
    }

    [Fact]
    public void The_test_setup_leaves_no_field_at_its_default()
    {
        // Otherwise a field the codec forgot would round-trip as its default and still compare equal.
        var empty = new ContainerSetup();
        foreach (var p in typeof(ContainerSetup).GetProperties())
            Assert.False(Equals(Describe(p.GetValue(empty)), Describe(p.GetValue(Full))), $"{p.Name} is at its default in the test setup");
    }

    [Fact]
    public void Absent_optionals_stay_absent()
    {
        var setup = Full with { ConsoleSocket = null, RootfsPropagationName = null, OomScoreAdj = null, Hostname = null, Domainname = null, Seccomp = null };
        AssertSameTree(setup, SetupCodec.Decode(SetupCodec.Encode(setup)), "setup");
    }

    [Fact]
    public void Every_truncation_is_refused_naming_a_field()
    {
        var bytes = SetupCodec.Encode(Full);
        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsSpan(0, length).ToArray();
            // The header's length says how much is coming: patch it so the reader meets the real end.
            if (length >= 8) BitConverter.TryWriteBytes(cut.AsSpan(4), length);
            var e = Assert.Throws<SysException>(() => SetupCodec.Decode(cut));
            var message = e.Error.ToString();
            Assert.StartsWith("handoff: ", message);
            // A list's count is checked against the bytes left before its items are read.
            Assert.True(message.Contains("truncated at byte") || message.Contains("bytes left can hold"), message);
        }
    }

    [Fact]
    public void A_cut_message_with_its_original_length_is_refused_by_length()
    {
        var bytes = SetupCodec.Encode(Full);
        var e = Assert.Throws<SysException>(() => SetupCodec.Decode(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Equal($"handoff: length: header says {bytes.Length} bytes, {bytes.Length - 3} arrived", e.Error.ToString());
    }

    [Fact]
    public void A_truncation_names_the_field_it_cut()
    {
        var bytes = SetupCodec.Encode(Full);
        var id = Encoding.UTF8.GetBytes("web-1");
        // Header (8), the id's count (4) and two of its five bytes.
        var cut = bytes.AsSpan(0, 8 + 4 + 2).ToArray();
        BitConverter.TryWriteBytes(cut.AsSpan(4), cut.Length);
        var e = Assert.Throws<SysException>(() => SetupCodec.Decode(cut));
        Assert.Equal($"handoff: id: truncated at byte 12 (needs {id.Length} more, 2 left)", e.Error.ToString());
    }

    [Fact]
    public void Corrupt_values_are_refused_naming_the_field()
    {
        var bytes = SetupCodec.Encode(Full);
        var detached = 8 + 4 + "web-1".Length + 4; // header, id, preserveFds
        Assert.Equal("handoff: detached: 7 at byte 21 is not a flag (0 or 1)", Refused(Patched(bytes, detached, 7)));
        Assert.Equal("handoff: magic: not a stage-2 handoff", Refused(Patched(bytes, 0, (byte)'X')));
        var hugeString = Patched(bytes, 8, 0xff, 0xff, 0xff, 0x7f);
        Assert.Equal($"handoff: id: truncated at byte 12 (needs {0x7fffffff} more, {bytes.Length - 12} left)", Refused(hugeString));
        var joins = 8 + (4 + 5) + 4 + 1 + (1 + 4 + "/run/console.sock".Length) + 4 + 1 + 1;
        var hugeList = Patched(bytes, joins, 0xff, 0xff, 0xff, 0x7f);
        Assert.Equal($"handoff: joins: {0x7fffffff} items at byte {joins}, more than the {bytes.Length - joins - 4} bytes left can hold", Refused(hugeList));
        var badUtf8 = Patched(bytes, 12, 0xc3, 0x28);
        Assert.Equal("handoff: id: not UTF-8", Refused(badUtf8));
        var trailing = bytes.Concat(new byte[] { 0, 0 }).ToArray();
        BitConverter.TryWriteBytes(trailing.AsSpan(4), trailing.Length);
        Assert.Equal("handoff: (end): 2 bytes after the last field", Refused(trailing));
    }

    [Fact]
    public void A_cgroup_view_kind_out_of_range_is_refused()
    {
        var setup = Full with { Mounts = [], Joins = [] };
        var bytes = SetupCodec.Encode(setup);
        var at = 8 + (4 + 5) + 4 + 1 + (1 + 4 + "/run/console.sock".Length) + 4 + 1 + 1 + 4
            + (4 + setup.Rootfs.Length) + 1 + 8 + (1 + 4 + "rshared".Length) + 1 + 4;
        Assert.Equal((byte)CgroupViewKind.Legacy, bytes[at]);
        Assert.Equal("handoff: cgroup.kind: 9 is not a cgroup view", Refused(Patched(bytes, at, 9)));
    }

    [Fact]
    public void A_seccomp_program_beyond_the_kernel_limit_is_refused()
    {
        var program = new Filter.sock_filter[Filter.BPF_MAXINSNS + 1];
        var bytes = SetupCodec.Encode(Full with { Seccomp = new SeccompFilter(program, 0) });
        Assert.Equal($"handoff: seccomp.program: {Filter.BPF_MAXINSNS + 1} instructions (the kernel takes 1 to {Filter.BPF_MAXINSNS})", Refused(bytes));
    }

    [Fact]
    public void Stage_one_resolves_what_stage_two_would_have_read_from_the_config()
    {
        var spec = new Oci.Spec
        {
            OciVersion = "1.0.2",
            Process = new Oci.Process { Args = ["/bin/true"], Rlimits = [new Oci.Rlimit { Type = "RLIMIT_NOFILE", Soft = 10, Hard = 20 }] },
            Root = new Oci.Root { Path = "rootfs" },
            Hostname = "",
            Mounts = [new Oci.Mount { Destination = "/dev", Type = "tmpfs", Source = "tmpfs" }, new Oci.Mount { Destination = "/data", Type = "bind", Source = "data", Options = ["rbind", "ro"] }],
            Hooks = new Oci.Hooks { Prestart = [new Oci.Hook { Path = "/bin/true" }] },
            Linux = new Oci.LinuxSection
            {
                Namespaces = [new() { Type = "pid", Path = "/proc/1/ns/pid" }, new() { Type = "network", Path = "/proc/1/ns/net" }, new() { Type = "mount" }],
            },
        };
        var config = ContainerConfig.FromSpec(_bundle, spec);
        var setup = SetupBuilder.From(config, new SetupBuilder.Launch("c1", 1, false, null, 0));
        Assert.Equal(Path.Combine(_bundle, "data"), setup.Mounts[1].Source);
        Assert.Equal([new NamespaceJoin(Sched.CLONE_NEWNET, "/proc/1/ns/net")], setup.Joins);
        Assert.True(setup.OwnMountNamespace);
        Assert.True(setup.DefaultDevices);
        Assert.True(setup.PauseForHooks); // a prestart hook alone pauses stage 2 for stage 1
        Assert.Null(setup.Hostname);
        Assert.Equal(0x12u, setup.Umask);
        Assert.Equal(new RlimitSetting(Resource.FromName("RLIMIT_NOFILE"), "RLIMIT_NOFILE", 10, 20), Assert.Single(setup.Rlimits));
        AssertSameTree(setup, SetupCodec.Decode(SetupCodec.Encode(setup)), "setup");
    }

    private static byte[] Patched(byte[] bytes, int at, params byte[] values)
    {
        var copy = (byte[])bytes.Clone();
        values.CopyTo(copy, at);
        return copy;
    }

    private static string Refused(byte[] bytes) => Assert.Throws<SysException>(() => SetupCodec.Decode(bytes)).Error.ToString();

    /// <summary>Compares by value all the way down: properties, list items, tuple fields, struct fields.</summary>
    private static void AssertSameTree(object? expected, object? actual, string path)
    {
        Assert.True(Describe(expected) == Describe(actual), $"{path}: expected {Describe(expected)}, got {Describe(actual)}");
    }

    private static string Describe(object? value)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return "\"" + s + "\"";
            case IEnumerable list: return "[" + string.Join(", ", list.Cast<object?>().Select(Describe)) + "]";
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum) return value.ToString()!;
        if (type.IsValueType && type.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal))
            return "(" + string.Join(", ", type.GetFields().Select(f => Describe(f.GetValue(value)))) + ")";
        var members = type.IsValueType
            ? type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => $"{f.Name}={Describe(f.GetValue(value))}")
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .Select(p => $"{p.Name}={Describe(p.GetValue(value))}");
        return type.Name + "{" + string.Join(", ", members) + "}";
    }
}
