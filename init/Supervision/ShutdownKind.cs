namespace Pid1.Supervision;

/// <summary>How the machine ends; busybox's poweroff/reboot/halt ask PID 1 with SIGUSR2/SIGTERM/SIGUSR1.</summary>
internal enum ShutdownKind
{
    PowerOff,
    Reboot,
    Halt,
}
