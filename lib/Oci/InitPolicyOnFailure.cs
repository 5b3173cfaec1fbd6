namespace Oci;

/// <summary>An onboot container's <c>onFailure</c>: go on with the boot (LinuxKit's behaviour), power off,
/// or run a shell on the console first (spelled in <see cref="InitPolicyChoices.OnFailure"/>).</summary>
public enum InitPolicyOnFailure
{
    Continue,
    Poweroff,
    Shell,
}
