[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ShimV2;

internal static class Program
{
    public const string Version = "0.1.0";

    private static int Main(string[] args)
    {
        var flags = ShimFlags.Parse(args, out var error);
        if (flags is null)
        {
            Log.Write(error);
            return 1;
        }
        switch (flags.Action)
        {
            case "version":
                Console.WriteLine($"containerd-shim-cinit-v1:\n  Version: {Version}\n  Runtime: io.containerd.cinit.v1");
                return 0;
            case "start":
                return Start.StartCommand.Run(flags);
            case "delete":
                return Start.DeleteCommand.Run(flags);
            default:
                return Serve.ServeCommand.Run(flags);
        }
    }
}
