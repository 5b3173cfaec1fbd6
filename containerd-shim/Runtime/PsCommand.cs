using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Shim.Runtime;

/// <summary><c>ps [--format table|json] ID</c>: the container's processes by their host pids (json: the
/// list of pids, as runc prints it), found through its cgroup or else its pid namespace.</summary>
internal static class PsCommand
{
    public static int Run(CommandLine command)
    {
        if (Verbs.Find(command) is not var (record, status)) return 1;
        if (status == ContainerStatus.Stopped) return Verbs.Fail(command.Id, "container not running");
        var pids = ContainerProcesses.All(command, record);
        if (command.Format == "json")
        {
            Stdout.Write(JsonSerializer.SerializeToUtf8Bytes(pids, RuntimeJsonContext.Default.ListInt32));
            Stdout.Write("\n");
            return 0;
        }
        var table = new StringBuilder("PID       CMD\n");
        foreach (var pid in pids)
            table.Append(CultureInfo.InvariantCulture, $"{pid,-10}{CommandOf(pid)}\n");
        Stdout.Write(table.ToString());
        return 0;
    }

    private static string CommandOf(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.TrimEnd('\0').Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
