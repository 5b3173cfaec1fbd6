using Linux;

namespace Pid1.Boot;

/// <summary>What a failed stage means for the boot.</summary>
internal enum FailurePolicy
{
    /// <summary>The stage's failure is logged and the boot goes on.</summary>
    Warn,

    /// <summary>Nothing sensible can follow: the failure ends the boot (panic handling).</summary>
    Fatal,
}

/// <summary>One step of the boot (docs/design.md, rule 2). Run returns null on success, or what failed.</summary>
internal interface IBootStage
{
    string Name { get; }

    FailurePolicy Policy { get; }

    SysError? Run(BootContext context);
}
