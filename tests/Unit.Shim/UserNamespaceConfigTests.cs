using Linux;
using Shim.Config;
using static Linux.Native.Sched;

namespace Tests.UnitShim;

/// <summary>linux.namespaces "user" and the id maps: what is accepted, and one error naming the field
/// for each rule (Config/UserNamespaceFields).</summary>
public sealed class UserNamespaceConfigTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("bundle-").FullName;

    public UserNamespaceConfigTests() => Directory.CreateDirectory(Path.Combine(_bundle, "rootfs"));

    private static Oci.IdMapping Map(uint container, uint host, uint size) => new() { ContainerId = container, HostId = host, Size = size };

    private static Oci.Spec Spec(List<Oci.IdMapping>? uids, List<Oci.IdMapping>? gids, string? userPath = null, Oci.User? user = null, params Oci.Namespace[] more) => new()
    {
        Process = new Oci.Process { Args = ["/bin/true"], User = user ?? new Oci.User() },
        Root = new Oci.Root { Path = "rootfs" },
        Linux = new Oci.LinuxSection
        {
            Namespaces = [new() { Type = "pid" }, new() { Type = "user", Path = userPath }, .. more, new() { Type = "mount" }],
            UidMappings = uids,
            GidMappings = gids,
        },
    };

    private static readonly List<Oci.IdMapping> Root = [Map(0, 100000, 65536)];

    [Fact]
    public void A_new_user_namespace_with_both_maps_is_made_with_the_clone()
    {
        var config = ContainerConfig.FromSpec(_bundle, Spec(Root, [Map(0, 200000, 1000), Map(1000, 300000, 1)]));
        Assert.True(config.Namespaces.NewUser);
        Assert.Null(config.Namespaces.UserPath);
        Assert.Equal(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS, config.Namespaces.UnshareFlags);
    }

    [Fact]
    public void A_user_namespace_given_by_path_is_joined_with_other_joins_allowed()
    {
        var config = ContainerConfig.FromSpec(_bundle, Spec(null, null, "/proc/7/ns/user", null, new Oci.Namespace { Type = "network", Path = "/proc/7/ns/net" }));
        Assert.False(config.Namespaces.NewUser);
        Assert.Equal("/proc/7/ns/user", config.Namespaces.UserPath);
        Assert.Contains((CLONE_NEWNET, "/proc/7/ns/net"), config.Namespaces.Joins);
    }

    public static TheoryData<string, Oci.Spec> BadCases() => new()
    {
        { "linux.uidMappings: missing: a new user namespace needs a uid map", Spec(null, Root) },
        { "linux.gidMappings: missing: a new user namespace needs a gid map", Spec(Root, []) },
        { "linux.uidMappings[0].size: must be at least 1", Spec([Map(0, 1000, 0)], Root) },
        { "linux.gidMappings[1]: container gids 500..599 overlap linux.gidMappings[0] (0..999)", Spec(Root, [Map(0, 1000, 1000), Map(500, 5000, 100)]) },
        { "linux.uidMappings[1]: host uids 100500..100500 overlap linux.uidMappings[0] (100000..165535)", Spec([.. Root, Map(70000, 100500, 1)], Root) },
        { "linux.uidMappings[0]: ends beyond uid 4294967294", Spec([Map(0, 4294967000, 1000)], Root) },
        { "linux.uidMappings: container uid 0 is not mapped: the container is built as root of its user namespace", Spec([Map(1, 1000, 10)], Root) },
        { "process.user.uid: 70000 is not mapped by linux.uidMappings", Spec(Root, Root, null, new Oci.User { Uid = 70000 }) },
        { "process.user.additionalGids[1]: 65536 is not mapped by linux.gidMappings", Spec(Root, Root, null, new Oci.User { AdditionalGids = [5, 65536] }) },
        { "linux.namespaces[2].path: a network namespace joined by path cannot go with a new user namespace, which would not own it; join the user namespace too, or make this one new",
            Spec(Root, Root, null, null, new Oci.Namespace { Type = "network", Path = "/proc/1/ns/net" }) },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public void A_bad_map_or_combination_is_refused_naming_the_field(string error, Oci.Spec spec)
    {
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal(error, e.Error.ToString());
    }

    [Fact]
    public void A_user_namespace_without_a_mount_namespace_is_refused()
    {
        var spec = Spec(Root, Root) with { Linux = new Oci.LinuxSection { Namespaces = [new() { Type = "pid" }, new() { Type = "user" }], UidMappings = Root, GidMappings = Root } };
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal("linux.namespaces: a user namespace needs a mount namespace too (add {\"type\": \"mount\"}): its root may not mount in the runtime's", e.Error.ToString());
    }

    [Fact]
    public void Maps_without_a_user_namespace_are_refused()
    {
        var spec = Spec(null, Root) with { Linux = new Oci.LinuxSection { Namespaces = [new() { Type = "pid" }], GidMappings = Root } };
        var e = Assert.Throws<SysException>(() => ContainerConfig.FromSpec(_bundle, spec));
        Assert.Equal("linux.gidMappings: needs a user namespace (linux.namespaces has no \"user\")", e.Error.ToString());
    }

    public void Dispose() => Directory.Delete(_bundle, recursive: true);
}
