using Linux;

namespace Pid1.Boot;

/// <summary>
/// Init's lines to every console of the cmdline, not only /dev/console (Logs/ConsoleMirror.cs says why). Right
/// after the mounts, which bring /proc/consoles and the devtmpfs nodes: the lines before it reach /dev/console only.
/// </summary>
internal sealed class MirrorConsoles : IBootStage
{
    public string Name => "consoles";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        Logs.ConsoleMirror.Start(context.Log);
        return null;
    }
}
