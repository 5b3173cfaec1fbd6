using static Linux.Native.Sched;

namespace Shim.Config;

/// <summary>
/// Which sysctls a container may set: only those that belong to a namespace it has (runc's rule), since
/// any other would change the host for everyone. IPC sysctls need an ipc namespace, net.* a network
/// namespace, kernel.domainname a uts namespace; kernel.hostname is the hostname field's job.
/// </summary>
internal static class SysctlRule
{
    private static readonly HashSet<string> IpcKeys =
    [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
        "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    ];

    /// <summary>Null when allowed, else why not.</summary>
    public static string? Refusal(string key, NamespaceSet namespaces)
    {
        if (key.Length == 0 || key.Contains("..", StringComparison.Ordinal) || key.StartsWith('.') || key.StartsWith('/'))
            return "not a sysctl name";
        var dotted = key.Replace('/', '.');
        if (IpcKeys.Contains(dotted) || dotted.StartsWith("fs.mqueue.", StringComparison.Ordinal))
            return namespaces.Has(CLONE_NEWIPC) ? null : "needs an ipc namespace (it would change the host's)";
        if (dotted.StartsWith("net.", StringComparison.Ordinal))
            return namespaces.Has(CLONE_NEWNET) ? null : "needs a network namespace (it would change the host's)";
        if (dotted == "kernel.domainname")
            return namespaces.Has(CLONE_NEWUTS) ? null : "needs a uts namespace (it would change the host's)";
        if (dotted == "kernel.hostname")
            return "set the hostname field instead";
        return "is not in a namespace the container can have (it would change the host)";
    }
}
