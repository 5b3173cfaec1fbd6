namespace Pid1.Supervision;

/// <summary>A supervised container: its bundle, its state in the table, and its current shim.</summary>
internal sealed class Service(ContainerBundle bundle)
{
    public ContainerBundle Bundle { get; } = bundle;

    public string Name => Bundle.Name;

    public ServiceState State { get; set; } = ServiceState.Down;

    public ContainerRun? Run { get; set; }

    public Linux.SysError? LastError { get; set; }
}
