using System.Diagnostics;

namespace Tests.HostEngines;

/// <summary>One run of an engine's command line with a deadline: its exit code, stdout and stderr.</summary>
public sealed record Cli(int ExitCode, string Stdout, string Stderr)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    public static Cli Run(string program, IEnumerable<string> args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(Deadline))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {Deadline.TotalSeconds} s (a hang: is the exit status reaching the engine?)");
        }
        p.WaitForExit();
        return new Cli(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The program, or a failure saying which Debian package brings it.</summary>
    public static string Need(string path, string package)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: apt-get install {package}");
        return path;
    }
}
