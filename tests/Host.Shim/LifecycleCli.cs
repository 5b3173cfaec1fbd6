using System.Diagnostics;
using System.Text.Json;

namespace Tests.HostShim;

/// <summary>
/// Drives a runtime's lifecycle verbs (our shim or runc) with its own --root in a temporary directory.
/// stdout and stderr go to files, not pipes: after <c>create</c> the container and its supervisor hold
/// them, so a pipe would only reach end-of-file when the container ends.
/// </summary>
internal sealed class LifecycleCli : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lifecycle-").FullName;

    public LifecycleCli(string runtime)
    {
        Runtime = runtime;
        if (runtime == "runc" && !File.Exists("/usr/sbin/runc") && !File.Exists("/usr/bin/runc"))
            throw new InvalidOperationException("runc is needed for the side-by-side tests: apt-get install runc");
    }

    public static LifecycleCli Shim() => new(ShimFixture.ShimPath);

    public string Runtime { get; }

    public string Root => Path.Combine(_dir, "root");

    public string Scratch => _dir;

    public RunResult Run(params string[] args)
    {
        var stdout = Path.Combine(_dir, "stdout");
        var stderr = Path.Combine(_dir, "stderr");
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        foreach (var a in (string[])["-c", "exec \"$0\" \"$@\" >\"$OUT\" 2>\"$ERR\" </dev/null", Runtime, "--root", Root, .. args])
            psi.ArgumentList.Add(a);
        psi.Environment["OUT"] = stdout;
        psi.Environment["ERR"] = stderr;
        using var p = Process.Start(psi)!;
        if (!p.WaitForExit(Runner.Deadline))
        {
            p.Kill();
            throw new TimeoutException($"{Runtime} {string.Join(' ', args)} did not end within {Runner.Deadline.TotalSeconds} s");
        }
        return new RunResult(p.ExitCode, File.ReadAllText(stdout), File.ReadAllText(stderr));
    }

    /// <summary>The state JSON, or null when <c>state</c> fails (no such container).</summary>
    public JsonElement? State(string id)
    {
        var result = Run("state", id);
        return result.ExitCode == 0 ? JsonDocument.Parse(result.Stdout).RootElement.Clone() : null;
    }

    public string Status(string id) => State(id)?.GetProperty("status").GetString() ?? "(none)";

    /// <summary>Waits until the status is <paramref name="expected"/> (a kill takes a moment to land).</summary>
    public string WaitForStatus(string id, string expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        string status;
        while ((status = Status(id)) != expected && DateTime.UtcNow < until) Thread.Sleep(20);
        return status;
    }

    public void Dispose()
    {
        // Whatever a failed test left: kill and delete every container under our root.
        if (Directory.Exists(Root))
            foreach (var dir in Directory.GetDirectories(Root))
                Run("delete", "--force", Path.GetFileName(dir));
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
