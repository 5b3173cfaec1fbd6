using Linux;
using Shim.Config;

namespace Shim.Runtime;

/// <summary>
/// The configuration of an <c>exec</c>: the container's config.json as saved at create (root.path made
/// absolute), its process replaced by the exec's, and every namespace joined through the container's
/// /proc/PID/ns links. The mount namespace is joined last: once in it, /proc is the container's and the
/// host pid no longer names the container's process there.
/// </summary>
internal static class ExecConfig
{
    private static readonly (string Type, string Link)[] Kinds =
        [("user", "user"), ("pid", "pid"), ("network", "net"), ("ipc", "ipc"), ("uts", "uts"), ("cgroup", "cgroup"), ("mount", "mnt")];

    public static ContainerConfig For(ContainerConfig saved, int pid, Oci.Process process)
    {
        var linux = saved.Spec.Linux ?? new Oci.LinuxSection();
        // A container without a mount namespace shares the runtime's: nothing to join, and setns into
        // it would put the exec at the namespace's root, outside the container's (RootPivot.EnterSharedRoot).
        var types = (linux.Namespaces ?? []).Select(n => n.Type).ToHashSet();
        var joins = Kinds.Where(k => types.Contains(k.Type))
            .Select(k => new Oci.Namespace { Type = k.Type, Path = $"/proc/{pid}/ns/{k.Link}" }).ToList();
        // A joined user namespace keeps the maps the container's was given.
        var spec = saved.Spec with { Process = process, Linux = linux with { Namespaces = joins, UidMappings = null, GidMappings = null } };
        try
        {
            return ContainerConfig.FromSpec(saved.Bundle, spec);
        }
        catch (SysException e)
        {
            throw new SysException(e.Error.Wrap("exec"));
        }
    }
}
