using Shim.Runtime;
using Shim.Stage1;
using Shim.Stage2;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Shim;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Multi-call: the image links /usr/bin/initctl and /usr/bin/ctr to this binary (docs/image-layout.md).
        switch (Path.GetFileName(Environment.GetCommandLineArgs()[0]))
        {
            case "initctl": return Control.ControlClient.Run(args);
            case "ctr": return Control.CtrCommand.Run(args);
        }
        // Stage 2 has one argument, its sync socket; the rest comes over it (Protocol/SetupCodec).
        if (args is ["stage2", var syncFd]) return ContainerBuilder.Run(syncFd);
        var command = CommandLine.Parse(args, out var error);
        if (command?.Command is "run" or "exec") SignalForwarder.RestartIfStartedIgnoring(args);
        if (command is null)
        {
            Stderr.WriteLine("containerd-shim: " + error);
            return ExitCodes.SetupFailed;
        }
        Stderr.LogTo(command.LogFile, command.LogJson);
        return command.Command switch
        {
            "version" => FeaturesCommand.PrintVersion(),
            "features" => FeaturesCommand.Run(),
            "pause" or "resume" => FreezeCommand.Run(command),
            "update" => UpdateCommand.Run(command),
            "events" => EventsCommand.Run(command),
            "run" when command.Detach => RunDetached(command),
            "run" => ContainerRun.Run(command),
            "supervise" => Supervise(command),
            "create" => CreateCommand.Run(command),
            "start" => StartCommand.Run(command),
            "state" => StateCommand.State(command),
            "list" => StateCommand.List(command),
            "kill" => KillCommand.Run(command),
            "delete" => DeleteCommand.Run(command),
            "ps" => PsCommand.Run(command),
            "exec" => ExecCommand.Run(command),
            _ => ExitCodes.SetupFailed,
        };
    }

    /// <summary><c>run --detach</c> is create then start, as with runc.</summary>
    private static int RunDetached(CommandLine command) =>
        CreateCommand.Run(command) is var created && created != 0 ? created : StartCommand.Run(command);

    /// <summary>The detached supervisor that <c>create</c> starts: <c>supervise [--reserve] ID BUNDLE N
    /// REPORT-FD</c>. With --reserve (the containerd v2 shim starts it so, without a <c>create</c> in
    /// between) it takes ROOT/ID itself and, when the container never got as far as its report, removes it.</summary>
    private static int Supervise(CommandLine command)
    {
        var preserve = CommandLine.ParseCount(command.Rest[1]) ?? 0;
        var reportFd = int.Parse(command.Rest[2], System.Globalization.CultureInfo.InvariantCulture);
        var dir = new StateDirectory(command.Root);
        if (command.Reserve && dir.Reserve(command.Id) is { } reserveError) return Verbs.Fail(command.Id, reserveError);
        DetachedSession? session = null;
        var code = ContainerRun.Run(command with { PreserveFds = preserve },
            config => session = new DetachedSession(dir, command.Id, config, reportFd));
        if (command.Reserve && session?.Reported != true) dir.Remove(command.Id);
        return code;
    }
}
