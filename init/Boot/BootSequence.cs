namespace Pid1.Boot;

/// <summary>The boot, top to bottom (as LinuxKit's rc.init reads). Order matters: the root must move before
/// anything is mounted on it, /sys must be up for module coldplug, /proc for the hostname.</summary>
internal static class BootSequence
{
    public static IBootStage[] Stages { get; } =
    [
        new MoveRootOffRootfs(),
        new MountFilesystems(),
        new InstallModprobeHelper(),
        new LoadKernelModules(),
        new SetHostname(),
        new BringUpLoopback(),
        new RaiseRlimits(),
    ];
}
