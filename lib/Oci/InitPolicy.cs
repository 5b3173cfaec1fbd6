namespace Oci;

/// <summary>
/// How init treats one container, normalised by the builder from the image YAML (durations in
/// milliseconds, signals as numbers, names checked) and stored as the <see cref="InitPolicyJson.Annotation"/>
/// annotation of its config.json (docs/image-layout.md). Init never sees YAML; a missing annotation
/// means every default. Named values are enums, spelled in JSON as in the YAML (<see cref="InitPolicyChoices"/>).
/// </summary>
public sealed record InitPolicy
{
    public const int DefaultRestartDelayMs = 1000;
    public const int DefaultRestartMaxDelayMs = 30_000;
    public const int DefaultRestartLimit = 5;
    public const int DefaultRestartWindowMs = 60_000;
    public const int DefaultStopTimeoutMs = 10_000;
    public const int DefaultStopSignal = 15;

    /// <summary>Services: when to start it again after it ends.</summary>
    public InitPolicyRestart Restart { get; init; } = InitPolicyRestart.Always;
    public int RestartDelayMs { get; init; } = DefaultRestartDelayMs;
    public int RestartMaxDelayMs { get; init; } = DefaultRestartMaxDelayMs;

    /// <summary>The burst limit: this many restarts within <see cref="RestartWindowMs"/> and the next exit
    /// marks the service Failed.</summary>
    public int RestartLimit { get; init; } = DefaultRestartLimit;
    public int RestartWindowMs { get; init; } = DefaultRestartWindowMs;
    public int StopSignal { get; init; } = DefaultStopSignal;
    public int StopTimeoutMs { get; init; } = DefaultStopTimeoutMs;

    /// <summary>Services that must be ready (or started, if they declare no readiness) first.</summary>
    public List<string> After { get; init; } = [];

    /// <summary>Services: how init learns it is ready.</summary>
    public InitPolicyReadiness Readiness { get; init; } = InitPolicyReadiness.None;

    /// <summary>Onboot/onshutdown: kill the container after this long; 0 waits forever.</summary>
    public int TimeoutMs { get; init; }

    /// <summary>Onboot: what a failure means for the boot.</summary>
    public InitPolicyOnFailure OnFailure { get; init; } = InitPolicyOnFailure.Continue;

    /// <summary>LinuxKit's <c>runtime:</c> work for init before the first start; absent when there is none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public InitPolicyRuntime? Runtime { get; init; }
}
