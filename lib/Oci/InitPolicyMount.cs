namespace Oci;

/// <summary>One <c>runtime.mounts</c> entry as mount(2) arguments (<see cref="MountOptionTable"/>), carried
/// out in <see cref="MountArguments"/>' order of calls.</summary>
public sealed record InitPolicyMount
{
    public string Source { get; init; } = "";
    public string Target { get; init; } = "";
    public string Type { get; init; } = "";
    public ulong Flags { get; init; }
    public List<ulong> Propagation { get; init; } = [];
    public string Data { get; init; } = "";

    /// <summary>Directories to make first besides the target: an overlay's upperdir and workdir.</summary>
    public List<string> Mkdir { get; init; } = [];
}
