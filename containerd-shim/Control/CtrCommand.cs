using System.Globalization;
using System.Text;

namespace Shim.Control;

/// <summary>
/// <c>/usr/bin/ctr</c>: the part of containerd's client that a getty or ssh user of a LinuxKit system types,
/// on a system that has no containerd. <c>ctr task ls</c> lists init's services as ctr prints tasks
/// (TASK, PID, STATUS), <c>ctr task exec [--exec-id X] [-t] NAME CMD...</c> is <c>initctl exec</c>; every
/// other command prints one line naming its initctl equivalent. ctr's global options (<c>-n
/// services.linuxkit</c>, <c>--address</c>, ...) are accepted and change nothing: there is one namespace.
/// </summary>
internal static class CtrCommand
{
    /// <summary>Global options that take a value (<c>-n X</c> or <c>--namespace=X</c>).</summary>
    private static readonly HashSet<string> ValueOptions = ["-n", "--namespace", "-a", "--address", "--timeout", "--connect-timeout"];

    public static int Run(string[] args)
    {
        var words = SkipGlobalOptions(args);
        if (words.Length >= 2 && words[0] is "task" or "t" or "tasks")
        {
            if (words[1] is "ls" or "list") return List(quiet: words.Skip(2).Any(w => w is "-q" or "--quiet"));
            if (words[1] == "exec") return ServiceExec.Run(ExecArguments(words[2..]));
        }
        Stderr.WriteLine("ctr: " + Equivalent(words));
        return 1;
    }

    internal static string[] SkipGlobalOptions(string[] args)
    {
        var i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
            i += ValueOptions.Contains(args[i]) ? 2 : 1;
        return args[Math.Min(i, args.Length)..];
    }

    /// <summary><c>ctr task exec</c>'s options become initctl's: --exec-id (ctr requires one) names nothing
    /// here, -t is the caller's terminal already; what comes from the name on is passed whole.</summary>
    internal static string[] ExecArguments(string[] args)
    {
        var rest = new List<string>();
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            if (args[i] == "--exec-id") { i++; continue; }
            if (args[i].StartsWith("--exec-id=", StringComparison.Ordinal)) continue;
            rest.Add(args[i]);
        }
        rest.AddRange(args[Math.Min(i, args.Length)..]);
        return [.. rest];
    }

    private static int List(bool quiet)
    {
        var answer = ControlClient.Query("tasks", out var error);
        if (answer is null)
        {
            Stderr.WriteLine("ctr: " + ControlClient.Explain(error!));
            return 1;
        }
        Runtime.Stdout.Write(Table(ServiceTask.Parse(answer), quiet));
        return 0;
    }

    /// <summary>ctr's layout (a tabwriter with minimum width 10 and padding 3), or only the names with -q.</summary>
    internal static string Table(IReadOnlyList<ServiceTask> tasks, bool quiet)
    {
        if (quiet) return string.Concat(tasks.Select(t => t.Name + "\n"));
        var rows = new List<string[]> { new[] { "TASK", "PID", "STATUS" } };
        rows.AddRange(tasks.Select(t => new[] { t.Name, t.Pid.ToString(CultureInfo.InvariantCulture), t.CtrStatus }));
        var widths = Enumerable.Range(0, 2).Select(c => Math.Max(10, rows.Max(r => r[c].Length) + 3)).ToArray();
        var text = new StringBuilder();
        foreach (var r in rows) text.Append(r[0].PadRight(widths[0])).Append(r[1].PadRight(widths[1])).Append(r[2]).Append('\n');
        return text.ToString();
    }

    /// <summary>The one line for a command this ctr does not have: what to type instead.</summary>
    internal static string Equivalent(string[] words)
    {
        var verb = words.Length >= 2 ? words[1] : "";
        var name = words.Skip(2).FirstOrDefault(w => !w.StartsWith('-')) ?? "NAME";
        var instead = (words.FirstOrDefault(), verb) switch
        {
            ("task" or "t" or "tasks", "start") => $"initctl start {name}",
            ("task" or "t" or "tasks", "kill" or "delete" or "del" or "rm" or "remove") => $"initctl stop {name}",
            ("task" or "t" or "tasks", "attach") => $"initctl logs -f {name}",
            ("task" or "t" or "tasks", _) when words.Length >= 3 => $"initctl status {name}",
            ("container" or "c" or "containers", "ls" or "list") => "initctl list",
            ("container" or "c" or "containers", "info") => $"initctl status {name}",
            _ => "initctl list | status NAME | start NAME | stop NAME | restart NAME | logs [-f] NAME | exec NAME CMD...",
        };
        var typed = words.Length == 0 ? "ctr" : "ctr " + string.Join(' ', words);
        return $"{typed}: there is no containerd here, only 'ctr task ls' and 'ctr task exec'; use: {instead}";
    }
}
