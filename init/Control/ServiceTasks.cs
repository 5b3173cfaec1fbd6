using System.Globalization;
using System.Text;

namespace Pid1.Control;

/// <summary>
/// The body of <c>tasks [NAME]</c>, the control client's plumbing for <c>initctl exec</c> and <c>ctr task</c>:
/// one line per service, <c>NAME TAB STATE TAB PID TAB SHIM TAB BUNDLE</c>, where PID is the container's first process
/// (the one <c>exec</c> joins the namespaces of), SHIM its shim's (both 0 when the service has none) and BUNDLE
/// its bundle directory in init's mount namespace. The client's reader is containerd-shim/Control/ServiceTask.cs.
/// </summary>
internal static class ServiceTasks
{
    internal sealed record Row(string Name, string State, int Pid, int Shim, string Bundle);

    public static string Format(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        foreach (var r in rows)
            text.Append(r.Name).Append('\t').Append(r.State).Append('\t').Append(r.Pid.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(r.Shim.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(r.Bundle).Append('\n');
        return text.ToString();
    }
}
