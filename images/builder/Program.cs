using Builder.Formats;

namespace Builder;

/// <summary>
/// <c>builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format F]...</c>, and the registry and cache verbs of
/// <see cref="Registry.RegistryCommands"/>; errors as <c>builder: ...</c>, exit 1. <c>--mirror</c> may come with any verb,
/// as LinuxKit's persistent flag.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format kernel+initrd|iso-bios|raw-bios|iso-efi|raw-efi|qcow2-bios|qcow2-efi|vhd|vmdk|gcp|aws|kernel+squashfs]... [--mirror [REGISTRY=]URL]...";

    private static int Main(string[] args)
    {
        try
        {
            var (rest, mirrors) = TakeMirrors(args);
            if (rest.Length > 0 && Registry.RegistryCommands.Handles(rest[0])) return Registry.RegistryCommands.Run(rest, mirrors);
            if (rest.Length > 0 && Packages.PackageCommands.Handles(rest[0])) return Packages.PackageCommands.Run(rest);
            var (files, outDir, binDir, formats) = ParseArgs(rest);
            var build = new ImageBuild(files, outDir, binDir, formats, mirrors);
            build.Run();
            foreach (var format in build.Formats)
                Console.WriteLine($"builder: wrote {OutputFormatNames.Files(format, Path.Combine(outDir, build.Name))}");
            return 0;
        }
        catch (BuildFailure e)
        {
            Console.Error.WriteLine($"builder: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The host refused a read or write (disk full, permissions): the user's to fix, not a bug.
            Console.Error.WriteLine($"builder: {e.Message}");
            return 1;
        }
    }

    internal static (List<string> Files, string OutDir, string BinDir, List<OutputFormat> Formats) ParseArgs(string[] args)
    {
        if (args.Length == 0 || args[0] != "build") throw new BuildFailure(Usage);
        var files = new List<string>();
        var formats = new List<OutputFormat>();
        string outDir = "out", binDir = Path.Combine("out", "bin");
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o" or "--output":
                    outDir = Value(args, ++i);
                    break;
                case "--bin":
                    binDir = Value(args, ++i);
                    break;
                // LinuxKit spells it -format (older) and --format; repeated or comma-separated, as there.
                case "-format" or "--format":
                    formats.AddRange(OutputFormatNames.Parse(Value(args, ++i)).Where(f => !formats.Contains(f)).ToList());
                    break;
                case var flag when flag.StartsWith('-'):
                    throw new BuildFailure($"unknown option {flag}; {Usage}");
                default:
                    files.Add(args[i]);
                    break;
            }
        }
        if (files.Count == 0) throw new BuildFailure($"no YAML file given; {Usage}");
        return (files, outDir, binDir, formats);
    }

    /// <summary>Removes every <c>--mirror VALUE</c> (or <c>--mirror=VALUE</c>) and reads them with $CINIT_MIRROR.</summary>
    internal static (string[] Remaining, Registry.RegistryMirrors Mirrors) TakeMirrors(string[] args)
    {
        var rest = new List<string>();
        var flags = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--mirror") flags.Add(Value(args, ++i));
            else if (args[i].StartsWith("--mirror=", StringComparison.Ordinal)) flags.Add(args[i]["--mirror=".Length..]);
            else rest.Add(args[i]);
        }
        return ([.. rest], Registry.RegistryMirrors.FromEnvironment(flags));
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new BuildFailure($"{args[i - 1]} needs a value; {Usage}");
}
