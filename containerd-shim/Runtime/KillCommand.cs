using Linux;
using Linux.Native;

namespace Shim.Runtime;

/// <summary><c>kill [--all] ID [SIGNAL]</c> (SIGTERM by default): to the container's first process, or
/// with --all to every process in its cgroup, else in its pid namespace (only the first when it has neither of its own); a stopped container is refused as runc does.</summary>
internal static class KillCommand
{
    public static int Run(CommandLine command)
    {
        var text = command.Rest.Count > 0 ? command.Rest[0] : "SIGTERM";
        if (SignalNames.Parse(text) is not { } sig) return Verbs.Fail(command.Id, $"kill: unknown signal \"{text}\"");
        if (Verbs.Find(command) is not var (record, status)) return 1;
        if (status == ContainerStatus.Stopped) return Verbs.Fail(command.Id, "container not running");
        var targets = command.All ? ContainerProcesses.All(command, record) : [record.Pid];
        foreach (var pid in targets)
        {
            if (Signal.kill(pid, sig) < 0 && Errno.Last.Value != Errno.ESRCH)
                return Verbs.Fail(command.Id, SysError.Last($"kill {pid} {Signal.Name(sig)}"));
        }
        return 0;
    }
}
