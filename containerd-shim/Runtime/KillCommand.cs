using Linux;
using Linux.Native;

namespace Shim.Runtime;

/// <summary><c>kill [--all] ID [SIGNAL]</c> (SIGTERM by default): to the container's first process, or
/// with --all to every process in its pid namespace (only the first when it shares the host's); a stopped container is refused as runc does.</summary>
internal static class KillCommand
{
    public static int Run(CommandLine command)
    {
        var text = command.Rest.Count > 0 ? command.Rest[0] : "SIGTERM";
        if (SignalNames.Parse(text) is not { } sig) return Verbs.Fail(command.Id, $"kill: unknown signal \"{text}\"");
        if (Verbs.Find(command) is not var (record, status)) return 1;
        if (status == ContainerStatus.Stopped) return Verbs.Fail(command.Id, "container not running");
        // Without a pid namespace of its own, "all" would be every process of the host.
        var targets = command.All && ContainerProcesses.HasOwnNamespace(record.Pid) ? ContainerProcesses.Of(record.Pid) : [record.Pid];
        foreach (var pid in targets)
        {
            if (Signal.kill(pid, sig) < 0 && Errno.Last.Value != Errno.ESRCH)
                return Verbs.Fail(command.Id, SysError.Last($"kill {pid} {Signal.Name(sig)}"));
        }
        return 0;
    }
}
