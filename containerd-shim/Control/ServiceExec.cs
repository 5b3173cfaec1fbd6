using Linux;
using Shim.Runtime;
using Shim.Stage1;

namespace Shim.Control;

/// <summary>
/// <c>initctl exec [-t] NAME CMD...</c>: runs CMD inside the running service NAME, as <c>docker exec</c> or
/// <c>ctr task exec</c> would. init says where the service is (<c>tasks NAME</c>: its container's first process
/// and its bundle); the exec itself happens here, in the caller's namespaces, through the shim's own exec
/// (Runtime/ExecCommand: stage 2 joins the service's namespaces and cgroup and takes on its process's user,
/// capabilities and environment). So stdin, stdout and stderr are the caller's — an ssh or getty user's
/// terminal — Ctrl-C reaches the command through the signal forwarder, and the exit status is the command's
/// (255 when the exec itself failed, as runc's). <c>-t</c> is accepted and changes nothing: the command already
/// has the caller's terminal. Needs init's pid namespace (a <c>pid: host</c> container or the console) and the
/// bundle, read where init has it or through /proc/1/root.
/// </summary>
internal static class ServiceExec
{
    public const string Usage = "usage: initctl exec [-t] NAME CMD...";

    public static int Run(string[] args)
    {
        if (Parse(args, out var error) is not var (name, command))
        {
            Stderr.WriteLine($"initctl: exec: {error}; {Usage}");
            return 2;
        }
        // The command line as it came (initctl's or ctr's): a restart must run the same command again.
        SignalForwarder.RestartIfStartedIgnoring(Environment.GetCommandLineArgs()[1..]);
        var answer = ControlClient.Query("tasks " + name, out var queryError);
        if (answer is null) return Fail(name, ControlClient.Explain(queryError!));
        if (ServiceTask.Parse(answer).FirstOrDefault(t => t.Name == name) is not { } task) return Fail(name, "init gave no answer for it");
        if (task.Pid == 0) return Fail(name, $"not running (it is {task.State})");
        if (!IsChildOf(task.Pid, task.Shim))
            return Fail(name, $"its process (pid {task.Pid}) is not in this pid namespace: run initctl exec from the console or a pid: host container");
        if (BundleDir(task.Bundle) is not { } bundle)
            return Fail(name, $"cannot read {task.Bundle}/config.json here or through /proc/1/root (bind /containers into this container)");
        var line = new CommandLine("exec", name, bundle) { Rest = command };
        return ExecCommand.RunIn(line, bundle, task.Pid);
    }

    /// <summary>Options first (<c>-t</c>, <c>-i</c> and their long forms, accepted for ctr's and docker's
    /// users), then the service's name, an optional <c>--</c>, and the command, which keeps its own options.</summary>
    internal static (string Name, string[] Command)? Parse(string[] args, out SysError? error)
    {
        error = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            if (args[i] is "-t" or "--tty" or "-i" or "--interactive" or "-it" or "-ti") continue;
            error = SysError.Plain($"unknown option {args[i]}");
            return null;
        }
        if (i == args.Length) { error = SysError.Plain("no service name"); return null; }
        var name = args[i++];
        if (i < args.Length && args[i] == "--") i++;
        if (i == args.Length) { error = SysError.Plain($"no command to run in {name}"); return null; }
        return (name, args[i..]);
    }

    /// <summary>Whether <paramref name="pid"/> here is the process init named: a child of the shim init named.
    /// In another pid namespace the number may well exist and be someone else entirely.</summary>
    private static bool IsChildOf(int pid, int shim)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[1] == shim.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static string? BundleDir(string bundle)
    {
        if (File.Exists(Path.Combine(bundle, "config.json"))) return bundle;
        var throughInit = "/proc/1/root" + bundle;
        return File.Exists(Path.Combine(throughInit, "config.json")) ? throughInit : null;
    }

    private static int Fail(string name, string message)
    {
        Stderr.WriteLine($"initctl: exec {name}: {message}");
        return ExecCommand.Failed;
    }
}
