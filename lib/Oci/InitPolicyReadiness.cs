namespace Oci;

/// <summary>A service's <c>readiness</c>: none (ready once started) or fd, s6 style: the service writes a
/// newline to fd 3 when it is ready (spelled in <see cref="InitPolicyChoices.Readiness"/>).</summary>
public enum InitPolicyReadiness
{
    None,
    Fd,
}
