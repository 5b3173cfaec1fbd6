using System.Globalization;
using System.Text.Json;
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

    /// <summary>Reads the saved config from <paramref name="stateDir"/> and the process from its file.</summary>
    public static ContainerConfig Load(string stateDir, string pidText, string processFile)
    {
        var saved = ContainerConfig.Load(stateDir);
        Oci.Process process;
        try
        {
            process = Oci.OciJson.ParseProcess(File.ReadAllBytes(processFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"read {processFile}", ExceptionErrno.Of(e)));
        }
        catch (JsonException e)
        {
            throw new SysException(SysError.Plain($"{processFile}: not a valid process ({e.Path})"));
        }
        return For(saved, int.Parse(pidText, NumberStyles.None, CultureInfo.InvariantCulture), process);
    }

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
