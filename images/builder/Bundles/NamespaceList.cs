using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>
/// linux.namespaces with LinuxKit's defaults: a new mount and pid namespace; the host's network, ipc, uts and
/// user namespaces unless the YAML says <c>new</c> or a path to join. One exception to keep <c>hostname</c>
/// meaningful: a container that sets it and says nothing about <c>uts</c> gets its own uts namespace (LinuxKit
/// would fail to start it, or rename the host).
/// </summary>
internal static class NamespaceList
{
    public static List<Namespace> Build(ContainerDefinition d)
    {
        var list = new List<Namespace>();
        Add(list, "pid", d.Pid ?? NamespaceSetting.Fresh);
        Add(list, "network", d.Net ?? NamespaceSetting.Shared);
        Add(list, "ipc", d.Ipc ?? NamespaceSetting.Shared);
        Add(list, "uts", d.Uts ?? (d.Hostname is null ? NamespaceSetting.Shared : NamespaceSetting.Fresh));
        Add(list, "user", d.Userns ?? NamespaceSetting.Shared);
        list.Add(new Namespace { Type = "mount" });
        return list;
    }

    private static void Add(List<Namespace> list, string type, NamespaceSetting s)
    {
        if (!s.Host) list.Add(new Namespace { Type = type, Path = s.Path });
    }
}
