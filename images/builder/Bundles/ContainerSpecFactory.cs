using Builder.Images;
using Builder.Yaml;
using Oci;
using OciProcess = Oci.Process;

namespace Builder.Bundles;

/// <summary>
/// Turns a YAML container plus its image's config into an OCI runtime config, with LinuxKit's rules:
/// <c>command</c> replaces Entrypoint+Cmd entirely, YAML <c>env</c> overrides the image's by key,
/// the image's WorkingDir and numeric User are defaults.
/// </summary>
internal static class ContainerSpecFactory
{
    public const string WritableLayerAnnotation = "org.cinit.writable-layer";

    public static Spec Create(ContainerDefinition d, ImageConfig image)
    {
        var readOnly = d.Readonly ?? false;
        var caps = d.Capabilities ?? [.. CapabilityNames.Default];
        var (uid, gid) = User(d, image);
        return new Spec
        {
            Process = new OciProcess
            {
                Args = Args(d, image),
                Env = Env(d, image),
                Cwd = d.Cwd ?? image.WorkingDir ?? "/",
                User = new User { Uid = uid, Gid = gid },
                Capabilities = new Capabilities
                {
                    Bounding = [.. caps], Effective = [.. caps], Inheritable = [.. caps], Permitted = [.. caps],
                },
                NoNewPrivileges = false,
            },
            Hostname = d.Hostname,
            Root = new Root { Path = "rootfs", Readonly = readOnly },
            Mounts = [.. RuntimeDefaults.Mounts(), .. (d.Binds ?? []).Select(BindMount)],
            Annotations = Annotations(d, readOnly),
            Linux = new LinuxSection
            {
                Namespaces = Namespaces(d),
                MaskedPaths = RuntimeDefaults.MaskedPaths(),
                ReadonlyPaths = RuntimeDefaults.ReadonlyPaths(),
            },
        };
    }

    private static Dictionary<string, string> Annotations(ContainerDefinition d, bool readOnly)
    {
        var annotations = new Dictionary<string, string> { [InitPolicyJson.Annotation] = InitPolicyJson.Serialize(InitPolicyFactory.Create(d)) };
        if (!readOnly) annotations[WritableLayerAnnotation] = "true";
        return annotations;
    }

    private static List<string> Args(ContainerDefinition d, ImageConfig image)
    {
        var args = d.Command ?? [.. image.Entrypoint, .. image.Cmd];
        if (args.Count == 0)
            throw d.At.Fail($"container \"{d.Name}\" has no command: give \"command\" or use an image with Entrypoint/Cmd");
        return args;
    }

    private static List<string> Env(ContainerDefinition d, ImageConfig image)
    {
        // Insertion order is kept (image first, then new YAML keys) so the output is reproducible.
        var env = new List<KeyValuePair<string, string>>();
        foreach (var entry in image.Env.Concat(d.Env ?? []))
        {
            var key = entry.Split('=', 2)[0];
            var at = env.FindIndex(e => e.Key == key);
            if (at >= 0) env[at] = new(key, entry);
            else env.Add(new(key, entry));
        }
        // Docker gives a PATH when the image has none; without it the shim could not find "sh".
        if (!env.Exists(e => e.Key == "PATH")) env.Insert(0, new("PATH", RuntimeDefaults.DefaultPath));
        return env.Select(e => e.Value).ToList();
    }

    private static (uint Uid, uint Gid) User(ContainerDefinition d, ImageConfig image)
    {
        uint uid = 0, gid = 0;
        if (image.User is { } user && (d.Uid is null || d.Gid is null))
        {
            var parts = user.Split(':', 2);
            if (!uint.TryParse(parts[0], out uid) || (parts.Length == 2 && !uint.TryParse(parts[1], out gid)))
                throw d.At.Fail($"container \"{d.Name}\": the image's User \"{user}\" is not numeric uid[:gid]; set uid and gid in the YAML");
        }
        return (d.Uid ?? uid, d.Gid ?? gid);
    }

    private static Mount BindMount(BindSpec b) => new()
    {
        Destination = b.Destination,
        Type = "bind",
        Source = b.Source,
        Options = ["rbind", .. b.Options.Count == 0 ? ["rw"] : b.Options],
    };

    private static List<Namespace> Namespaces(ContainerDefinition d)
    {
        var list = new List<Namespace> { new() { Type = "mount" } };
        if (d.Pid != NamespaceMode.Host) list.Add(new() { Type = "pid" });
        if (d.Ipc != NamespaceMode.Host) list.Add(new() { Type = "ipc" });
        if (d.Uts != NamespaceMode.Host) list.Add(new() { Type = "uts" });
        if (d.Net != NamespaceMode.Host) list.Add(new() { Type = "network" });
        return list;
    }
}
