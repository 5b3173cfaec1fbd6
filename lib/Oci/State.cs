namespace Oci;

/// <summary>The OCI runtime state (runtime-spec runtime.md "State"): what <c>state ID</c> prints and
/// what every hook reads on its stdin. Status is creating, created, running or stopped.</summary>
public sealed record State
{
    public string OciVersion { get; init; } = "1.0.2";
    public string Id { get; init; } = "";
    public string Status { get; init; } = "";
    public int Pid { get; init; }
    public string Bundle { get; init; } = "";

    /// <summary>The root filesystem's absolute path; optional, printed by <c>state</c> as runc does.</summary>
    public string? Rootfs { get; init; }

    /// <summary>When <c>create</c> made the container (RFC 3339, UTC); optional, as runc prints it.</summary>
    public string? Created { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
}
