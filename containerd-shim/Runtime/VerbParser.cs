namespace Shim.Runtime;

/// <summary>
/// The options and positional words of one verb, spelled as runc spells them (long and short forms,
/// <c>--x=value</c> or <c>--x value</c>). Options that runc has but that mean nothing here
/// (--no-pivot, --no-new-keyring, --quiet) are accepted and ignored.
/// </summary>
internal static class VerbParser
{
    private static readonly Dictionary<string, string[]> ValueOptions = new()
    {
        ["run"] = ["--bundle", "-b", "--pid-file", "--console-socket", "--preserve-fds"],
        ["create"] = ["--bundle", "-b", "--pid-file", "--console-socket", "--preserve-fds"],
        ["list"] = ["--format", "-f"],
        ["ps"] = ["--format", "-f"],
        ["exec"] = ["--process", "-p", "--pid-file", "--console-socket", "--env", "-e", "--cwd", "--user", "-u", "--preserve-fds",
            "--apparmor", "--process-label", "--cap", "-c", "--cgroup"],
        ["supervise"] = ["--console-socket"],
        ["update"] = ["--resources", "-r", .. UpdateCommand.FlagNames, "--l3-cache-schema", "--mem-bw-schema"],
        ["events"] = ["--interval"],
    };

    private static readonly Dictionary<string, string[]> FlagOptions = new()
    {
        ["run"] = ["--detach", "-d", "--no-pivot", "--no-new-keyring", "--keep"],
        ["create"] = ["--no-pivot", "--no-new-keyring"],
        ["kill"] = ["--all", "-a"],
        ["delete"] = ["--force", "-f"],
        ["list"] = ["--quiet", "-q"],
        ["exec"] = ["--detach", "-d", "--tty", "-t", "--no-new-privs", "--ignore-paused", "--no-subreaper"],
        ["events"] = ["--stats"],
        ["supervise"] = ["--reserve"],
    };

    /// <summary>Options kept by name for the verb that reads them (update's, events').</summary>
    private static readonly HashSet<string> KeepsSettings = ["update", "events"];

    public static CommandLine? Parse(string verb, ReadOnlySpan<string> args, out string? error)
    {
        error = null;
        var line = new CommandLine(verb, "", "");
        var words = new List<string>();
        var env = new List<string>();
        var settings = new List<(string, string)>();
        string? bundle = null;
        for (var i = 0; i < args.Length; i++)
        {
            // exec's command may have options of its own: everything after the ID is the command.
            if (verb == "exec" && words.Count > 0) { words.Add(args[i]); continue; }
            if (!args[i].StartsWith('-') || args[i] == "-") { words.Add(args[i]); continue; }
            var (name, value) = CommandLine.Split(args[i]);
            if (FlagOptions.GetValueOrDefault(verb)?.Contains(name) == true && value is null)
            {
                if (KeepsSettings.Contains(verb)) settings.Add((name, ""));
                line = name switch
                {
                    "--detach" or "-d" => line with { Detach = true },
                    "--force" or "-f" => line with { Force = true },
                    "--all" or "-a" => line with { All = true },
                    "--tty" or "-t" => line with { Tty = true },
                    "--reserve" => line with { Reserve = true },
                    _ => line,
                };
                continue;
            }
            if (ValueOptions.GetValueOrDefault(verb)?.Contains(name) != true) { error = $"unknown option {name}; {UsageOf(verb)}"; return null; }
            value ??= ++i < args.Length ? args[i] : null;
            if (value is null) { error = $"{name} needs a {(name is "--bundle" or "-b" ? "directory" : "value")}; {UsageOf(verb)}"; return null; }
            if (KeepsSettings.Contains(verb)) { settings.Add((name, value)); continue; }
            switch (name)
            {
                case "--bundle" or "-b": bundle = value; break;
                case "--pid-file": line = line with { PidFile = Path.GetFullPath(value) }; break;
                case "--console-socket": line = line with { ConsoleSocket = Path.GetFullPath(value) }; break;
                case "--format" or "-f" when value is "table" or "json": line = line with { Format = value }; break;
                case "--format" or "-f": error = $"--format must be table or json, not \"{value}\""; return null;
                case "--process" or "-p": line = line with { ProcessFile = Path.GetFullPath(value) }; break;
                case "--env" or "-e": env.Add(value); break;
                case "--cwd": line = line with { Cwd = value }; break;
                case "--user" or "-u": line = line with { User = value }; break;
                case "--preserve-fds":
                    if (CommandLine.ParseCount(value) is not { } count) { error = $"--preserve-fds needs a number from 0 to {CommandLine.MaxPreservedFds}; {UsageOf(verb)}"; return null; }
                    line = line with { PreserveFds = count };
                    break;
            }
        }
        return Finish(line with { Settings = settings.Count > 0 ? settings : Array.Empty<(string, string)>() }, verb, words, env, bundle, out error);
    }

    private static CommandLine? Finish(CommandLine line, string verb, List<string> words, List<string> env, string? bundle, out string? error)
    {
        error = null;
        if (verb is "list" or "features") return words.Count == 0 ? line : Fail($"{verb} takes no arguments; {UsageOf(verb)}", out error);
        var id = words.Count > 0 ? words[0] : null;
        if (id is null || id.Length == 0 || id.Contains('/') || id is "." or "..")
            return Fail($"a container ID without '/' is required; {UsageOf(verb)}", out error);
        var most = verb switch { "kill" => 2, "exec" or "ps" => int.MaxValue, "supervise" => 4, _ => 1 };
        if (words.Count > most) return Fail($"unexpected argument {words[most]}; {UsageOf(verb)}", out error);
        if (verb == "supervise" && words.Count != 4) return Fail("supervise: ID BUNDLE PRESERVE-FDS REPORT-FD expected", out error);
        if (verb == "exec" && line.ProcessFile is null && words.Count < 2)
            return Fail($"exec needs --process FILE or a command after the ID; {UsageOf(verb)}", out error);
        var fullBundle = verb == "supervise" ? words[1] : Path.GetFullPath(bundle ?? ".");
        return line with { Id = id, Bundle = fullBundle, Env = env.Count > 0 ? env : Array.Empty<string>(), Rest = words.Count > 1 ? words[1..] : Array.Empty<string>() };
    }

    private static CommandLine? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    private static string UsageOf(string verb) => verb == "run" ? CommandLine.Usage : CommandLine.FullUsage;
}
