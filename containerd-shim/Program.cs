using Shim.Stage1;
using Shim.Stage2;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Shim;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Multi-call: the image links /usr/bin/initctl to this binary (docs/image-layout.md).
        if (Path.GetFileName(Environment.GetCommandLineArgs()[0]) == "initctl") return Control.ControlClient.Run(args);
        var command = CommandLine.Parse(args, out var error);
        if (command is null)
        {
            Stderr.WriteLine("containerd-shim: " + error);
            return ExitCodes.SetupFailed;
        }
        return command.Command == "stage2"
            ? ContainerBuilder.Run(command.Id, command.Bundle, command.PreserveFds)
            : ContainerRun.Run(command.Id, command.Bundle, command.PreserveFds);
    }
}
