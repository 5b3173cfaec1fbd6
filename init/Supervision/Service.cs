using Oci;

namespace Pid1.Supervision;

/// <summary>A supervised container (a service, or an onboot/onshutdown container run once): its bundle and
/// policy, its state in the table, and its current shim.</summary>
internal sealed class Service(ContainerBundle bundle, InitPolicy policy)
{
    public ContainerBundle Bundle { get; } = bundle;

    public string Name => Bundle.Name;

    public InitPolicy Policy { get; } = policy;

    public RestartBudget Budget { get; } = new(policy);

    public ServiceState State { get; set; } = ServiceState.Down;

    public ContainerRun? Run { get; set; }

    public Linux.SysError? LastError { get; set; }

    public Linux.ExitStatus? LastExit { get; set; }

    /// <summary>Monotonic ms of the current run's start, for uptime.</summary>
    public long StartedAtMs { get; set; }

    /// <summary>The supervisor's spawn counter at this service's latest start (0: never started): shutdown order.</summary>
    public long StartSeq { get; set; }

    /// <summary>Bumped whenever a timer is armed or cancelled: a timer whose token is stale is ignored.</summary>
    public int TimerToken { get; set; }

    /// <summary>An onboot or onshutdown container: started once, never restarted.</summary>
    public bool RunOnce { get; init; }

    /// <summary>Run-once: kill it after this long; 0 waits forever.</summary>
    public int RunTimeoutMs { get; init; }

    /// <summary>How the console names its kind: <c>service</c>, <c>onboot</c>, <c>onshutdown</c>.</summary>
    public string Label => Bundle.Label;
}
