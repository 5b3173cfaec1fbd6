using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Images;
using Builder.Yaml;
using Oci;
using OciProcess = Oci.Process;

namespace Builder.Bundles;

/// <summary>
/// Turns a YAML container plus its image's config into an OCI runtime config, with LinuxKit's rules: the
/// YAML over the image's <c>org.mobyproject.config</c> label (<see cref="ContainerOverlay"/>) over the image
/// config; <c>command</c> replaces Entrypoint+Cmd entirely; <c>env</c> overrides the image's by key.
/// Where LinuxKit's defaults would take away what our images rely on, ours are Docker's: the default
/// capability set, and runc's masked and read-only paths; an image that carries the label is a LinuxKit
/// package and gets LinuxKit's own defaults (<see cref="LinuxKitDefaults"/>; docs in images/builder/README.md).
/// </summary>
internal static class ContainerSpecFactory
{
    public const string WritableLayerAnnotation = Oci.CinitAnnotations.WritableLayer;

    public static Spec Create(ContainerDefinition yaml, ImageConfig image, BundleContext? context = null)
    {
        context ??= BundleContext.Detached(yaml.Name);
        var label = ContainerReader.ReadLabel(image.Labels.GetValueOrDefault(ContainerReader.LabelName), yaml.Image?.Value ?? "");
        var d = ContainerOverlay.Apply(label, yaml);
        var linuxKit = label is not null;
        var readOnly = d.Readonly ?? false;
        var resources = d.Resources?.DeepClone().AsObject() ?? [];
        var devices = DeviceRules.Apply(d.Devices, resources);
        return new Spec
        {
            Process = Process(d, image, context, linuxKit),
            Hostname = d.Hostname,
            Root = new Root { Path = "rootfs", Readonly = readOnly },
            Mounts = MountTable.Build(d, context.Volumes, linuxKit),
            Annotations = Annotations(d, readOnly, context),
            Linux = new LinuxSection
            {
                Namespaces = NamespaceList.Build(d),
                UidMappings = d.UidMappings,
                GidMappings = d.GidMappings,
                Devices = devices,
                CgroupsPath = d.CgroupsPath ?? context.DefaultCgroupsPath(yaml.Name),
                Resources = resources.Count == 0 ? null : JsonDocument.Parse(resources.ToJsonString()).RootElement.Clone(),
                Sysctl = d.Sysctl,
                RootfsPropagation = d.RootfsPropagation,
                MaskedPaths = d.MaskedPaths ?? (linuxKit ? [] : RuntimeDefaults.MaskedPaths()),
                ReadonlyPaths = d.ReadonlyPaths ?? (linuxKit ? [] : RuntimeDefaults.ReadonlyPaths()),
            },
        };
    }

    private static OciProcess Process(ContainerDefinition d, ImageConfig image, BundleContext context, bool linuxKit)
    {
        var caps = d.Capabilities ?? (linuxKit ? [] : [.. CapabilityNames.Default]);
        var ambient = d.Ambient ?? [];
        // LinuxKit: what is effective or ambient must also be in the bounding, permitted and inheritable sets.
        List<string> bounding = [.. caps.Union(ambient).Order(StringComparer.Ordinal)];
        return new OciProcess
        {
            Args = Args(d, image),
            Env = Env(d, image),
            Cwd = d.Cwd ?? image.WorkingDir ?? "/",
            User = UserOf(d, image, context),
            Capabilities = new Capabilities
            {
                Bounding = bounding, Effective = [.. caps], Inheritable = [.. bounding], Permitted = [.. bounding],
                Ambient = ambient.Count == 0 ? null : [.. ambient],
            },
            Rlimits = d.Rlimits?.Select(r => new Rlimit { Type = r.Type, Soft = r.Soft, Hard = r.Hard }).ToList(),
            NoNewPrivileges = d.NoNewPrivileges ?? false,
            OomScoreAdj = d.OomScoreAdj,
        };
    }

    private static Dictionary<string, string> Annotations(ContainerDefinition d, bool readOnly, BundleContext context)
    {
        var policy = InitPolicyFactory.Create(d) with
        {
            Runtime = RuntimePolicyFactory.Create(d.Runtime, context.BundleDirectory, !readOnly, context.Warnings),
        };
        var annotations = new Dictionary<string, string>(d.Annotations ?? [], StringComparer.Ordinal)
        {
            [InitPolicyJson.Annotation] = InitPolicyJson.Serialize(policy),
        };
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

    /// <summary>YAML/label ids by number or name; else the image's User (<c>uid[:gid]</c>, numbers or names).</summary>
    private static User UserOf(ContainerDefinition d, ImageConfig image, BundleContext context)
    {
        uint uid = 0, gid = 0;
        if (image.User is { } user && (d.Uid is null || d.Gid is null))
        {
            var parts = user.Split(':', 2);
            if (!context.Ids.TryResolve(parts[0], group: false, out uid) || (parts.Length == 2 && !context.Ids.TryResolve(parts[1], group: true, out gid)))
                throw d.At.Fail($"container \"{d.Name}\": the image's User \"{user}\" is neither numeric uid[:gid] nor found in the image's /etc/passwd and /etc/group; set uid and gid in the YAML");
        }
        return new User
        {
            Uid = d.Uid is { } u ? context.Ids.Uid(u) : uid,
            Gid = d.Gid is { } g ? context.Ids.Gid(g) : gid,
            AdditionalGids = d.AdditionalGids?.Select(context.Ids.Gid).ToList(),
        };
    }
}
