namespace Shim.Cgroups.Model;

/// <summary>One <c>blockIO.throttle*Device[]</c> entry: bytes or operations per second.</summary>
internal sealed record ThrottleDevice
{
    public long Major { get; init; }
    public long Minor { get; init; }
    public ulong Rate { get; init; }
}
