using Builder.Yaml;
using Oci;

namespace Builder.Bundles;

/// <summary>The normalised policy init reads for one container: YAML values where given, defaults otherwise.</summary>
internal static class InitPolicyFactory
{
    public static InitPolicy Create(ContainerDefinition d)
    {
        var p = new InitPolicy();
        var policy = p with
        {
            Restart = d.Restart ?? p.Restart,
            RestartDelayMs = d.RestartDelayMs ?? p.RestartDelayMs,
            RestartMaxDelayMs = d.RestartMaxDelayMs ?? p.RestartMaxDelayMs,
            RestartLimit = d.RestartLimit ?? p.RestartLimit,
            RestartWindowMs = d.RestartWindowMs ?? p.RestartWindowMs,
            StopSignal = d.StopSignal ?? p.StopSignal,
            StopTimeoutMs = d.StopTimeoutMs ?? p.StopTimeoutMs,
            After = d.After?.Select(a => a.Name).ToList() ?? [],
            Readiness = d.Readiness ?? p.Readiness,
            TimeoutMs = d.TimeoutMs ?? p.TimeoutMs,
            OnFailure = d.OnFailure ?? p.OnFailure,
        };
        if (policy.RestartMaxDelayMs < policy.RestartDelayMs)
            throw d.At.Fail($"restartMaxDelay ({policy.RestartMaxDelayMs} ms) is shorter than restartDelay ({policy.RestartDelayMs} ms)");
        return policy;
    }
}
