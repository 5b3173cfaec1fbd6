namespace Pid1.Boot;

/// <summary>The boot, top to bottom (as LinuxKit's rc.init reads). Order matters: the root must move before
/// anything is mounted on it, /sys must be up for module coldplug, /proc for the hostname,
/// the NIC (a module) for a hostname from its MAC. /etc/init.d runs after the stages (InitMain).</summary>
internal static class BootSequence
{
    public static IBootStage[] Stages { get; } =
    [
        new MoveRootOffRootfs(),
        new MountFilesystems(),
        new MirrorConsoles(),
        new InstallModprobeHelper(),
        new LoadKernelModules(),
        // Before share-root: a mount under a shared parent cannot be moved (EINVAL), and the root it shares is the final one.
        new MountSquashfsRoot(),
        new ShareRootMounts(),
        new SetHostname(),
        new PrepareResolvConf(),
        new BringUpLoopback(),
        new RaiseRlimits(),
    ];
}
