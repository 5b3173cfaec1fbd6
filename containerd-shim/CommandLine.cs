using System.Globalization;
using Shim.Runtime;

namespace Shim;

/// <summary>
/// What the shim was asked to do, runc's command line (docs/runtime-cli.md): global <c>--root DIR</c>
/// and runc's <c>--log FILE --log-format text|json</c> (errors go there too), <c>--systemd-cgroup</c>
/// (refused by create: this runtime writes cgroupfs itself) and <c>--debug</c>, <c>--criu</c>,
/// <c>--rootless</c> (accepted, ignored), then a verb: <c>run</c> (in the foreground, as init uses it,
/// or <c>--detach</c>), <c>create</c>, <c>start</c>, <c>state</c>, <c>kill</c>, <c>delete</c>,
/// <c>list</c>, <c>ps</c>, <c>exec</c>, <c>pause</c>, <c>resume</c>, <c>update</c>, <c>events</c>,
/// <c>features</c>; plus the internal <c>supervise</c> that only the shim itself starts (stage 2,
/// <c>stage2 FD</c>, never reaches this parser: Program.cs).
/// As with runc, --preserve-fds N passes fds 3..3+N-1 on to the container's process at the same numbers.
/// </summary>
internal sealed record CommandLine(string Command, string Id, string Bundle, int PreserveFds = 0)
{
    public const string Usage = "usage: containerd-shim run [--preserve-fds N] --bundle DIR ID";

    public const string FullUsage = Usage + """

        usage: containerd-shim [--root DIR] COMMAND
          run [--detach] [--pid-file F] [--console-socket S] [--preserve-fds N] [--bundle DIR] ID
          create [--bundle DIR] [--pid-file F] [--console-socket S] [--preserve-fds N] ID
          start ID | state ID | kill [--all] ID [SIGNAL] | delete [--force] ID
          list [--format table|json] | ps [--format table|json] ID
          pause ID | resume ID | update [--resources FILE|-] [--memory N] [--pids-limit N] ... ID
          events [--stats] [--interval D] ID | features | --version
          exec [--process FILE] [--detach] [--tty --console-socket S] [--pid-file F] [--env K=V] [--cwd DIR] [--user UID[:GID]] ID [ARGS...]
        """;

    /// <summary>Where container state lives unless --root says otherwise.</summary>
    public const string DefaultRoot = "/run/containerd-shim";

    /// <summary>More would be a bug in the caller; the bound keeps the fd arithmetic obviously safe.</summary>
    public const int MaxPreservedFds = 64;

    public string Root { get; init; } = DefaultRoot;
    public string? LogFile { get; init; }
    public bool LogJson { get; init; }
    public bool SystemdCgroup { get; init; }
    public string? PidFile { get; init; }
    public string? ConsoleSocket { get; init; }
    public bool Detach { get; init; }
    public bool Force { get; init; }
    public bool All { get; init; }
    public bool Tty { get; init; }

    /// <summary>supervise --reserve: the supervisor reserves ROOT/ID itself (and removes it when create
    /// fails), for a caller that starts it without <c>create</c> (the containerd v2 shim).</summary>
    public bool Reserve { get; init; }
    public string Format { get; init; } = "table";
    public string? ProcessFile { get; init; }
    public string? Cwd { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>update's and events' options by name, in the order given.</summary>
    public IReadOnlyList<(string Name, string Value)> Settings { get; init; } = [];

    /// <summary>Words after the ID: kill's signal, exec's command, supervise's fields.</summary>
    public IReadOnlyList<string> Rest { get; init; } = [];

    /// <summary>Null with <paramref name="error"/> set when the arguments are not understood.</summary>
    public static CommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        var global = new CommandLine("", "", "");
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            var (name, value) = Split(args[i]);
            if (name is "--version" or "-v") return global with { Command = "version" };
            if (name is "--debug") continue;
            if (name is "--systemd-cgroup") { global = global with { SystemdCgroup = true }; continue; }
            if (name is not ("--root" or "--log" or "--log-format" or "--criu" or "--rootless")) { error = $"unknown global option {name}; {FullUsage}"; return null; }
            value ??= ++i < args.Length ? args[i] : null;
            if (value is null) { error = $"{name} needs a value; {FullUsage}"; return null; }
            if (name == "--log-format" && value is not ("text" or "json")) { error = $"--log-format must be text or json, not \"{value}\""; return null; }
            global = name switch
            {
                "--root" => global with { Root = Path.GetFullPath(value) },
                "--log" => global with { LogFile = Path.GetFullPath(value) },
                "--log-format" => global with { LogJson = value == "json" },
                _ => global,
            };
        }
        if (i >= args.Length || !Verbs.Contains(args[i])) { error = FullUsage; return null; }
        var parsed = VerbParser.Parse(args[i], args.AsSpan(i + 1), out error);
        return parsed is null ? null : parsed with { Root = global.Root, LogFile = global.LogFile, LogJson = global.LogJson, SystemdCgroup = global.SystemdCgroup };
    }

    /// <summary>The global options again, for the supervisor that <c>create</c> starts.</summary>
    public List<string> GlobalArgs()
    {
        List<string> args = ["--root", Root];
        if (LogFile is { } log) args.AddRange(["--log", log, "--log-format", LogJson ? "json" : "text"]);
        return args;
    }

    private static readonly HashSet<string> Verbs =
        ["run", "create", "start", "state", "kill", "delete", "list", "ps", "exec", "supervise", "pause", "resume", "update", "events", "features"];

    internal static (string Name, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    internal static int? ParseCount(string? s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxPreservedFds ? n : null;
}
