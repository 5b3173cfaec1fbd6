using System.Diagnostics;

namespace Tests.HostShim;

/// <summary>Runs a runtime (our shim, runc) on a bundle with a deadline and captures its output.</summary>
internal static class Runner
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static RunResult Run(string file, IEnumerable<string> args, Action<Process>? whileRunning = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        whileRunning?.Invoke(p);
        if (!p.WaitForExit(Deadline))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not end within {Deadline.TotalSeconds} s");
        }
        p.WaitForExit();
        return new RunResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static RunResult Shim(string bundle, string id, Action<Process>? whileRunning = null) =>
        Run(ShimFixture.ShimPath, ["run", "--bundle", bundle, id], whileRunning);

    public static RunResult Runc(string bundle, string id)
    {
        if (!File.Exists("/usr/sbin/runc") && !File.Exists("/usr/bin/runc"))
            throw new InvalidOperationException("runc is needed for the side-by-side tests: apt-get install runc");
        return Run("runc", ["run", "--bundle", bundle, id]);
    }
}
