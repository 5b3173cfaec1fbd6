using System.Text.Json;
using static Shim.Config.JsonValues;

namespace Shim.Config;

/// <summary>
/// Builds the spec model from config.json's parsed document by hand. The source-generated deserializer
/// gives the same model but first builds its contract for every type of it through reflection (custom
/// attributes, converters, property metadata): about 3 ms of CPU in each of the shim's two processes,
/// the largest part of a container start (bench/README.md). Names are the camelCase of
/// <c>OciJsonContext</c>, unknown members are skipped as it does, and a repeated member keeps its last
/// value. A member that is absent is null or zero, not the model's initial value: the deserializer sets
/// init-only properties through one object initializer and so gives every absent one its default (the
/// blank records below say so explicitly). A value of the wrong kind throws <see cref="JsonShapeException"/>, and tests/Unit.Shim's
/// SpecReaderTests hold the result equal to the deserializer's for every property of the model.
/// </summary>
internal static class SpecReader
{
    public static Oci.Spec Read(JsonElement root)
    {
        var spec = new Oci.Spec { OciVersion = null! };
        foreach (var m in Members(root))
        {
            var v = m.Value;
            spec = m.Name switch
            {
                "ociVersion" => spec with { OciVersion = NonNullString(v) },
                "process" => spec with { Process = Object(v, Process) },
                "root" => spec with { Root = Object(v, Root) },
                "hostname" => spec with { Hostname = String(v) },
                "domainname" => spec with { Domainname = String(v) },
                "mounts" => spec with { Mounts = List(v, x => Object(x, Mount)!) },
                "hooks" => spec with { Hooks = Object(v, Hooks) },
                "annotations" => spec with { Annotations = Map(v) },
                "linux" => spec with { Linux = Object(v, LinuxReader.Read) },
                _ => spec,
            };
        }
        return spec;
    }

    public static Oci.Process Process(JsonElement e)
    {
        var p = new Oci.Process { User = null!, Cwd = null! };
        foreach (var m in Members(e))
        {
            var v = m.Value;
            p = m.Name switch
            {
                "terminal" => p with { Terminal = Bool(v) },
                "user" => p with { User = Object(v, User)! },
                "args" => p with { Args = Strings(v) },
                "env" => p with { Env = Strings(v) },
                "cwd" => p with { Cwd = NonNullString(v) },
                "capabilities" => p with { Capabilities = Object(v, Capabilities) },
                "rlimits" => p with { Rlimits = List(v, x => Object(x, Rlimit)!) },
                "noNewPrivileges" => p with { NoNewPrivileges = Bool(v) },
                "oomScoreAdj" => p with { OomScoreAdj = NullableInt(v) },
                "apparmorProfile" => p with { ApparmorProfile = String(v) },
                "selinuxLabel" => p with { SelinuxLabel = String(v) },
                _ => p,
            };
        }
        return p;
    }

    private static Oci.User User(JsonElement e)
    {
        var u = new Oci.User();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            u = m.Name switch
            {
                "uid" => u with { Uid = UInt(v) },
                "gid" => u with { Gid = UInt(v) },
                "umask" => u with { Umask = NullableUInt(v) },
                "additionalGids" => u with { AdditionalGids = List(v, UInt) },
                _ => u,
            };
        }
        return u;
    }

    private static Oci.Capabilities Capabilities(JsonElement e)
    {
        var c = new Oci.Capabilities();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            c = m.Name switch
            {
                "bounding" => c with { Bounding = Strings(v) },
                "effective" => c with { Effective = Strings(v) },
                "inheritable" => c with { Inheritable = Strings(v) },
                "permitted" => c with { Permitted = Strings(v) },
                "ambient" => c with { Ambient = Strings(v) },
                _ => c,
            };
        }
        return c;
    }

    private static Oci.Rlimit Rlimit(JsonElement e)
    {
        var r = new Oci.Rlimit { Type = null! };
        foreach (var m in Members(e))
        {
            var v = m.Value;
            r = m.Name switch
            {
                "type" => r with { Type = NonNullString(v) },
                "hard" => r with { Hard = ULong(v) },
                "soft" => r with { Soft = ULong(v) },
                _ => r,
            };
        }
        return r;
    }

    private static Oci.Root Root(JsonElement e)
    {
        var r = new Oci.Root { Path = null! };
        foreach (var m in Members(e))
        {
            r = m.Name switch
            {
                "path" => r with { Path = NonNullString(m.Value) },
                "readonly" => r with { Readonly = Bool(m.Value) },
                _ => r,
            };
        }
        return r;
    }

    private static Oci.Mount Mount(JsonElement e)
    {
        var mount = new Oci.Mount { Destination = null! };
        foreach (var m in Members(e))
        {
            var v = m.Value;
            mount = m.Name switch
            {
                "destination" => mount with { Destination = NonNullString(v) },
                "type" => mount with { Type = String(v) },
                "source" => mount with { Source = String(v) },
                "options" => mount with { Options = Strings(v) },
                _ => mount,
            };
        }
        return mount;
    }

    private static Oci.Hooks Hooks(JsonElement e)
    {
        var h = new Oci.Hooks();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            h = m.Name switch
            {
                "prestart" => h with { Prestart = HookList(v) },
                "createRuntime" => h with { CreateRuntime = HookList(v) },
                "createContainer" => h with { CreateContainer = HookList(v) },
                "startContainer" => h with { StartContainer = HookList(v) },
                "poststart" => h with { Poststart = HookList(v) },
                "poststop" => h with { Poststop = HookList(v) },
                _ => h,
            };
        }
        return h;
    }

    private static List<Oci.Hook>? HookList(JsonElement e) => List(e, x => Object(x, Hook)!);

    private static Oci.Hook Hook(JsonElement e)
    {
        var h = new Oci.Hook { Path = null! };
        foreach (var m in Members(e))
        {
            var v = m.Value;
            h = m.Name switch
            {
                "path" => h with { Path = NonNullString(v) },
                "args" => h with { Args = Strings(v) },
                "env" => h with { Env = Strings(v) },
                "timeout" => h with { Timeout = NullableInt(v) },
                _ => h,
            };
        }
        return h;
    }
}
