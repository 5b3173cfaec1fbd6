using Linux;

namespace Pid1.Control;

/// <summary>
/// One request on the control socket (<see cref="ControlServer"/> documents the protocol): a verb,
/// maybe a service name, and the flags <c>--json</c> and <c>-f</c> (logs only).
/// </summary>
internal sealed record ControlCommand(string Verb, string? Name, bool Json, bool Follow)
{
    private static readonly HashSet<string> NoName = ["list", "poweroff", "reboot", "halt"];
    private static readonly HashSet<string> WithName = ["status", "start", "stop", "restart", "logs"];

    public static string Usage =>
        "usage: initctl [--json] list | status NAME | start NAME | stop NAME | restart NAME | logs [-f] NAME | exec NAME CMD... | poweroff | reboot | halt";

    /// <summary>Parses the words of one request line; null and why (bad input: errno 0) when it is not one.</summary>
    public static ControlCommand? Parse(string line, out SysError? error)
    {
        error = null;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var json = words.Contains("--json");
        var follow = words.Contains("-f");
        var rest = words.Where(w => w is not "--json" and not "-f").ToArray();
        if (rest.Length == 0) { error = SysError.Plain("empty request; " + Usage); return null; }
        var verb = rest[0];
        if (follow && verb != "logs") { error = SysError.Plain($"{verb}: -f is only for logs"); return null; }
        if (NoName.Contains(verb))
        {
            if (rest.Length == 1) return new ControlCommand(verb, null, json, false);
            error = SysError.Plain($"{verb}: takes no name");
            return null;
        }
        // The client's own plumbing for exec and ctr (ServiceTasks): every service, or one.
        if (verb == "tasks")
        {
            if (rest.Length <= 2) return new ControlCommand(verb, rest.Length == 2 ? rest[1] : null, json, false);
            error = SysError.Plain("tasks: takes at most one service name");
            return null;
        }
        if (!WithName.Contains(verb)) { error = SysError.Plain($"unknown command '{verb}'; " + Usage); return null; }
        if (rest.Length != 2) { error = SysError.Plain($"{verb}: needs exactly one service name"); return null; }
        return new ControlCommand(verb, rest[1], json, follow);
    }
}
