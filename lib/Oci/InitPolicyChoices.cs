namespace Oci;

/// <summary>The spellings of <see cref="InitPolicy"/>'s named values, defined once for the builder and init.</summary>
public static class InitPolicyChoices
{
    public static readonly InitPolicyChoice<InitPolicyRestart> Restart = new("restart",
        (InitPolicyRestart.Always, "always"), (InitPolicyRestart.OnFailure, "on-failure"), (InitPolicyRestart.Never, "never"));

    public static readonly InitPolicyChoice<InitPolicyReadiness> Readiness = new("readiness",
        (InitPolicyReadiness.None, "none"), (InitPolicyReadiness.Fd, "fd"));

    public static readonly InitPolicyChoice<InitPolicyOnFailure> OnFailure = new("onFailure",
        (InitPolicyOnFailure.Continue, "continue"), (InitPolicyOnFailure.Poweroff, "poweroff"), (InitPolicyOnFailure.Shell, "shell"));
}
