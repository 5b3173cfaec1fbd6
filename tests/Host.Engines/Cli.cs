using System.Diagnostics;

namespace Tests.HostEngines;

/// <summary>One run of an engine's command line with a deadline: its exit code, stdout and stderr.</summary>
public sealed record Cli(int ExitCode, string Stdout, string Stderr)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>Runs PROGRAM; <paramref name="holdStdin"/> keeps its stdin (an empty pipe) open until it ends, for
    /// script(1): at EOF on its stdin it sends the terminal an EOF too, and an engine's -it client may then end before
    /// the container's output arrives (seen under CI, whose stdin is /dev/null).</summary>
    public static Cli Run(string program, IEnumerable<string> args, string? stdin = null, bool holdStdin = false)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        if (!holdStdin) p.StandardInput.Close();
        if (!p.WaitForExit(Deadline))
        {
            p.Kill(entireProcessTree: true);
            p.StandardInput.Close();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {Deadline.TotalSeconds} s (a hang: is the exit status reaching the engine?)");
        }
        p.WaitForExit();
        if (holdStdin) p.StandardInput.Close();
        return new Cli(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The program, or a failure saying which Debian package brings it.</summary>
    public static string Need(string path, string package)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: apt-get install {package}");
        return path;
    }
}
