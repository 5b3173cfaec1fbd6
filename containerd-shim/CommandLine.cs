namespace Shim;

/// <summary>What the shim was asked to do: <c>run [--preserve-fds N] --bundle DIR ID</c> (stage 1, by hand
/// or from init) or <c>stage2 ID BUNDLE N</c> (only ever from stage 1). As with runc, --preserve-fds N
/// passes the shim's fds 3..3+N-1 on to the container's process at the same numbers (init uses it for a
/// service's readiness pipe).</summary>
internal sealed record CommandLine(string Command, string Id, string Bundle, int PreserveFds = 0)
{
    public const string Usage = "usage: containerd-shim run [--preserve-fds N] --bundle DIR ID";

    /// <summary>More would be a bug in the caller; the bound keeps the fd arithmetic obviously safe.</summary>
    public const int MaxPreservedFds = 64;

    /// <summary>Null with <paramref name="error"/> set when the arguments are not understood.</summary>
    public static CommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 4 && args[0] == "stage2" && ParseCount(args[3]) is { } n) return new CommandLine("stage2", args[1], args[2], n);
        if (args.Length == 0 || args[0] != "run") { error = Usage; return null; }
        string? bundle = null, id = null;
        var preserve = 0;
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--bundle" or "-b")
            {
                if (++i >= args.Length) { error = $"{a} needs a directory; {Usage}"; return null; }
                bundle = args[i];
            }
            else if (a.StartsWith("--bundle=", StringComparison.Ordinal)) bundle = a["--bundle=".Length..];
            else if (a == "--preserve-fds" || a.StartsWith("--preserve-fds=", StringComparison.Ordinal))
            {
                var value = a == "--preserve-fds" ? (++i < args.Length ? args[i] : null) : a["--preserve-fds=".Length..];
                if (ParseCount(value) is not { } count) { error = $"--preserve-fds needs a number from 0 to {MaxPreservedFds}; {Usage}"; return null; }
                preserve = count;
            }
            else if (a.StartsWith('-')) { error = $"unknown option {a}; {Usage}"; return null; }
            else if (id is null) id = a;
            else { error = $"unexpected argument {a}; {Usage}"; return null; }
        }
        if (id is null || id.Length == 0 || id.Contains('/')) { error = $"a container ID without '/' is required; {Usage}"; return null; }
        return new CommandLine("run", id, Path.GetFullPath(bundle ?? "."), preserve);
    }

    private static int? ParseCount(string? s) =>
        int.TryParse(s, System.Globalization.NumberStyles.None, null, out var n) && n <= MaxPreservedFds ? n : null;
}
