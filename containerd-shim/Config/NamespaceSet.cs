using static Linux.Native.Sched;

namespace Shim.Config;

/// <summary>linux.namespaces: what stage 1 unshares and which existing namespaces are joined.</summary>
internal sealed record NamespaceSet(int UnshareFlags, IReadOnlyList<(int Flag, string Path)> Joins)
{
    public bool Has(int flag) => (UnshareFlags & flag) != 0 || Joins.Any(j => j.Flag == flag);

    public bool NewPid => (UnshareFlags & CLONE_NEWPID) != 0;

    /// <summary>A new user namespace: stage 1 clones it in C and writes its id maps (Stage1/UserNamespaceLauncher).</summary>
    public bool NewUser => (UnshareFlags & CLONE_NEWUSER) != 0;

    /// <summary>The user namespace joined by path, or null.</summary>
    public string? UserPath => Joins.FirstOrDefault(j => j.Flag == CLONE_NEWUSER).Path;

    public static NamespaceSet Parse(IReadOnlyList<Oci.Namespace>? namespaces)
    {
        var unshare = 0;
        var joins = new List<(int, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (namespaces?.Count ?? 0); i++)
        {
            var ns = namespaces![i] ?? throw FieldError.At($"linux.namespaces[{i}]", "null");
            var flag = ns.Type switch
            {
                "pid" => CLONE_NEWPID, "network" => CLONE_NEWNET, "mount" => CLONE_NEWNS, "ipc" => CLONE_NEWIPC,
                "uts" => CLONE_NEWUTS, "cgroup" => CLONE_NEWCGROUP, "user" => CLONE_NEWUSER,
                "time" => throw FieldError.At($"linux.namespaces[{i}].type", "\"time\" namespaces are not supported"),
                _ => throw FieldError.At($"linux.namespaces[{i}].type", $"unknown namespace type \"{ns.Type}\""),
            };
            if (!seen.Add(ns.Type))
                throw FieldError.At($"linux.namespaces[{i}].type", $"\"{ns.Type}\" is given twice");
            if (!string.IsNullOrEmpty(ns.Path) && !ns.Path.StartsWith('/'))
                throw FieldError.At($"linux.namespaces[{i}].path", $"\"{ns.Path}\" is not an absolute path");
            if (string.IsNullOrEmpty(ns.Path)) unshare |= flag;
            else joins.Add((flag, ns.Path));
        }
        // No "mount" listed means the runtime's mount namespace, as the spec says (init's bundles
        // always list one: images/builder NamespaceList).
        return new NamespaceSet(unshare, joins);
    }
}
