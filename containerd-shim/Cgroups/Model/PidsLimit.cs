namespace Shim.Cgroups.Model;

/// <summary><c>linux.resources.pids</c>: a limit of 0 or less means no limit, as runc reads it.</summary>
internal sealed record PidsLimit
{
    public long Limit { get; init; }
}
