using Oci;

namespace Pid1.Supervision;

/// <summary>A supervised container: its bundle and policy, its state in the table, and its current shim.</summary>
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

    /// <summary>Set by Restart(name): start again once the stop has brought it Down.</summary>
    public bool StartWhenDown { get; set; }

    /// <summary>True until every service in its <c>after</c> list has been Ready once.</summary>
    public bool Waiting { get; set; }
}
