using System.Globalization;

namespace Shim.Control;

/// <summary>
/// One line of init's answer to <c>tasks [NAME]</c> (init/Control/ServiceTasks.cs writes it):
/// <c>NAME TAB STATE TAB PID TAB SHIM TAB BUNDLE</c>; PID is the container's first process and SHIM its
/// shim's, both 0 when there is none.
/// </summary>
internal sealed record ServiceTask(string Name, string State, int Pid, int Shim, string Bundle)
{
    /// <summary>The lines that parse; a line that does not is a bug in init, dropped rather than guessed at.</summary>
    public static List<ServiceTask> Parse(string body)
    {
        var tasks = new List<ServiceTask>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length == 5 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var shim))
                tasks.Add(new ServiceTask(f[0], f[1], pid, shim, f[4]));
        }
        return tasks;
    }

    /// <summary>ctr's words: a service whose process runs is RUNNING (ready, and stopping until it has ended,
    /// too), one being started CREATED, the rest (down, backoff, exited, failed) STOPPED.</summary>
    public string CtrStatus => State switch
    {
        "up" or "ready" or "stopping" => "RUNNING",
        "starting" => "CREATED",
        _ => "STOPPED",
    };
}
