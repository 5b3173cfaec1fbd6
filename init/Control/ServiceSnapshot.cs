using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>One row of <c>initctl list</c> in the words the client prints, from the supervisor's snapshot.</summary>
internal sealed record ServiceSnapshot(string Name, string State, int? Pid, int Restarts, double? UptimeSeconds, string? LastExit)
{
    public static ServiceSnapshot Of(ServiceInfo info) => new(
        info.Name,
        info.State.ToString().ToLowerInvariant(),
        info.Pid,
        info.Restarts,
        info.Uptime?.TotalSeconds,
        info.LastExit?.ToString());
}
