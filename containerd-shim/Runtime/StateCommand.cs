using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Shim.Runtime;

/// <summary><c>state ID</c> (the OCI state JSON) and <c>list</c> (a table like runc's, or JSON).</summary>
internal static class StateCommand
{
    public static int State(CommandLine command)
    {
        if (Verbs.Find(command) is not var (record, status)) return 1;
        Stdout.Write(Oci.OciJson.Serialize(ContainerStatus.ToState(record, Paused(command, record, status))));
        Stdout.Write("\n");
        return 0;
    }

    /// <summary>"paused" (runc's word) for a running container whose freezer holds it.</summary>
    private static string Paused(CommandLine command, ContainerRecord record, string status) =>
        status == ContainerStatus.Running && RunningCgroup.Find(command with { Id = record.Id }, record, out _) is { } cgroup && FreezeCommand.IsFrozen(cgroup)
            ? "paused" : status;

    public static int List(CommandLine command)
    {
        var dir = new StateDirectory(command.Root);
        var entries = new List<ListEntry>();
        foreach (var id in dir.Ids())
        {
            // One being created or damaged is left out rather than failing the whole list.
            if (dir.Read(id, out _) is not { } record) continue;
            var state = ContainerStatus.ToState(record, Paused(command, record, ContainerStatus.Of(record)));
            entries.Add(new ListEntry(state.OciVersion, id, state.Pid, state.Status, state.Bundle, record.Created, state.Annotations));
        }
        if (command.Format == "json")
        {
            Stdout.Write(JsonSerializer.SerializeToUtf8Bytes(entries, RuntimeJsonContext.Default.ListListEntry));
            Stdout.Write("\n");
            return 0;
        }
        var table = new StringBuilder();
        var width = Math.Max(12, entries.Select(e => e.Id.Length + 2).DefaultIfEmpty(0).Max());
        table.Append(CultureInfo.InvariantCulture, $"{"ID".PadRight(width)}{"PID",-10}{"STATUS",-10}{"BUNDLE",-40}CREATED\n");
        foreach (var e in entries)
            table.Append(CultureInfo.InvariantCulture, $"{e.Id.PadRight(width)}{e.Pid,-10}{e.Status,-10}{e.Bundle,-40}{e.Created}\n");
        Stdout.Write(table.ToString());
        return 0;
    }
}
