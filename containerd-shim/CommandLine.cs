using System.Globalization;
using Shim.Runtime;

namespace Shim;

/// <summary>
/// What the shim was asked to do, runc's command line (docs/runtime-cli.md): global <c>--root DIR</c>
/// (runc's --log, --log-format, --debug and --systemd-cgroup are accepted and ignored, so tools that
/// drive runc work), then a verb: <c>run</c> (in the foreground, as init uses it, or <c>--detach</c>),
/// <c>create</c>, <c>start</c>, <c>state</c>, <c>kill</c>, <c>delete</c>, <c>list</c>, <c>ps</c>,
/// <c>exec</c>; plus the internal <c>stage2</c> and <c>supervise</c> that only the shim itself starts.
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
          exec [--process FILE] [--detach] [--tty --console-socket S] [--pid-file F] [--env K=V] [--cwd DIR] [--user UID[:GID]] ID [ARGS...]
        """;

    /// <summary>Where container state lives unless --root says otherwise.</summary>
    public const string DefaultRoot = "/run/containerd-shim";

    /// <summary>More would be a bug in the caller; the bound keeps the fd arithmetic obviously safe.</summary>
    public const int MaxPreservedFds = 64;

    public string Root { get; init; } = DefaultRoot;
    public string? PidFile { get; init; }
    public string? ConsoleSocket { get; init; }
    public bool Detach { get; init; }
    public bool Force { get; init; }
    public bool All { get; init; }
    public bool Tty { get; init; }
    public string Format { get; init; } = "table";
    public string? ProcessFile { get; init; }
    public string? Cwd { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>Words after the ID: kill's signal, exec's command, supervise's and stage2's fields.</summary>
    public IReadOnlyList<string> Rest { get; init; } = [];

    /// <summary>Null with <paramref name="error"/> set when the arguments are not understood.</summary>
    public static CommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length >= 4 && args[0] == "stage2" && ParseCount(args[3]) is { } n)
            return ParseStage2(args, n, out error);
        var root = DefaultRoot;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            var (name, value) = Split(args[i]);
            if (name is "--debug" or "--systemd-cgroup") continue;
            if (name is not ("--root" or "--log" or "--log-format" or "--criu" or "--rootless")) { error = $"unknown global option {name}; {FullUsage}"; return null; }
            value ??= ++i < args.Length ? args[i] : null;
            if (value is null) { error = $"{name} needs a value; {FullUsage}"; return null; }
            if (name == "--root") root = Path.GetFullPath(value);
        }
        if (i >= args.Length || !Verbs.Contains(args[i])) { error = FullUsage; return null; }
        var parsed = VerbParser.Parse(args[i], args.AsSpan(i + 1), out error);
        return parsed is null ? null : parsed with { Root = root };
    }

    private static readonly HashSet<string> Verbs =
        ["run", "create", "start", "state", "kill", "delete", "list", "ps", "exec", "supervise"];

    /// <summary><c>stage2 ID BUNDLE N [--detached] [--console-socket S] [--exec PID PROCESS-FILE]</c>.</summary>
    private static CommandLine? ParseStage2(string[] args, int preserve, out string? error)
    {
        error = null;
        var line = new CommandLine("stage2", args[1], args[2], preserve);
        for (var i = 4; i < args.Length; i++)
        {
            if (args[i] == "--detached") line = line with { Detach = true };
            else if (args[i] == "--console-socket" && i + 1 < args.Length) line = line with { ConsoleSocket = args[++i] };
            else if (args[i] == "--exec" && i + 2 < args.Length) { line = line with { Rest = [args[i + 1], args[i + 2]] }; i += 2; }
            else { error = $"stage2: unexpected argument {args[i]}"; return null; }
        }
        return line;
    }

    internal static (string Name, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    internal static int? ParseCount(string? s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxPreservedFds ? n : null;
}
