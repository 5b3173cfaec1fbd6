namespace Oci;

/// <summary>A service's <c>restart</c>: when init starts it again after it ends (spelled in
/// <see cref="InitPolicyChoices.Restart"/>).</summary>
public enum InitPolicyRestart
{
    Always,
    OnFailure,
    Never,
}
