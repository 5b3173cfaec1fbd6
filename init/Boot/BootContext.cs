namespace Pid1.Boot;

/// <summary>What the stages share: the logger and the kernel command line (read once /proc is up).</summary>
internal sealed class BootContext(Serilog.ILogger log)
{
    public Serilog.ILogger Log { get; } = log;

    public KernelCmdline Cmdline { get; set; } = KernelCmdline.Empty;
}
