using System.Diagnostics;
using Linux.Native;

namespace Tests.HostEngines;

/// <summary>
/// A daemon an engine test starts for itself (dockerd, containerd) with every path under a private
/// temporary directory, its output in a log file there, ended with SIGTERM (then SIGKILL) at the end.
/// Never the system's own sockets or /var/lib data.
/// </summary>
internal sealed class Daemon : IDisposable
{
    private readonly Process _process;

    public string LogFile { get; }

    private Daemon(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
    }

    public static Daemon Start(string program, IEnumerable<string> args, string logFile, Func<bool> ready, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        foreach (var a in (string[])["-c", "exec \"$0\" \"$@\" >>\"$LOG\" 2>&1 </dev/null", program, .. args]) psi.ArgumentList.Add(a);
        psi.Environment["LOG"] = logFile;
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var daemon = new Daemon(Process.Start(psi)!, logFile);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!ready())
        {
            if (daemon._process.HasExited || DateTime.UtcNow > until)
            {
                daemon.Dispose();
                throw new InvalidOperationException($"{program} did not come up; its log:\n{daemon.Log()}");
            }
            Thread.Sleep(200);
        }
        return daemon;
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal.kill(_process.Id, Signal.SIGTERM);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20))) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
