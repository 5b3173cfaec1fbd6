namespace Shim;

/// <summary>What the shim was asked to do: <c>run --bundle DIR ID</c> (stage 1, by hand or from init)
/// or <c>stage2 ID BUNDLE</c> (only ever from stage 1).</summary>
internal sealed record CommandLine(string Command, string Id, string Bundle)
{
    public const string Usage = "usage: containerd-shim run --bundle DIR ID";

    /// <summary>Null with <paramref name="error"/> set when the arguments are not understood.</summary>
    public static CommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 3 && args[0] == "stage2") return new CommandLine("stage2", args[1], args[2]);
        if (args.Length == 0 || args[0] != "run") { error = Usage; return null; }
        string? bundle = null, id = null;
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--bundle" or "-b")
            {
                if (++i >= args.Length) { error = $"{a} needs a directory; {Usage}"; return null; }
                bundle = args[i];
            }
            else if (a.StartsWith("--bundle=", StringComparison.Ordinal)) bundle = a["--bundle=".Length..];
            else if (a.StartsWith('-')) { error = $"unknown option {a}; {Usage}"; return null; }
            else if (id is null) id = a;
            else { error = $"unexpected argument {a}; {Usage}"; return null; }
        }
        if (id is null || id.Length == 0 || id.Contains('/')) { error = $"a container ID without '/' is required; {Usage}"; return null; }
        return new CommandLine("run", id, Path.GetFullPath(bundle ?? "."));
    }
}
