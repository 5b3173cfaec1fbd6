using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tests.HostInit;

/// <summary>
/// The real init binary as PID 1 of fresh pid, mount, UTS, IPC and network namespaces, chrooted into an
/// <see cref="InitRoot"/>. Its console lines are collected; every wait has a deadline; Dispose kills the
/// namespace (SIGKILL to its pid 1 ends every process in it).
/// </summary>
internal sealed class InitUnderTest : IDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Absolute, because init gets only what the kernel would give it: HOME and TERM, no PATH.</summary>
    private const string ChrootPath = "/usr/sbin/chroot";
    private readonly Process _unshare;
    private readonly List<string> _lines = [];
    private readonly object _gate = new();

    private InitUnderTest(Process unshare) => _unshare = unshare;

    public static InitUnderTest Start(InitRoot root, bool debug = false)
    {
        if (Environment.UserName != "root") throw new InvalidOperationException("host tests run init in namespaces: run them as root");
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        // The root is bind-mounted onto itself first: in the VM "/" is a mount (init moved it into a tmpfs),
        // and the shim's propagation changes and pivot_root need that; a plain directory gives EINVAL.
        // init.debug is not a shell name (dash would drop it), so env(1) sets it past the shell.
        var debugEnv = debug ? "/usr/bin/env init.debug=1 " : "";
        var script = $"mount --bind '{root.Dir}' '{root.Dir}' && exec {debugEnv}{ChrootPath} '{root.Dir}' /sbin/init";
        foreach (var a in new[] { "--pid", "--fork", "--mount", "--uts", "--ipc", "--net", "--propagation", "private", "/bin/sh", "-c", script })
            psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["HOME"] = "/";
        psi.Environment["TERM"] = "linux";
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start unshare (util-linux)");
        var init = new InitUnderTest(p);
        p.OutputDataReceived += (_, e) => init.Add(e.Data);
        p.ErrorDataReceived += (_, e) => init.Add(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return init;
    }

    public string Log
    {
        get { lock (_gate) return string.Join('\n', _lines); }
    }

    /// <summary>Waits for a console line matching <paramref name="pattern"/> and returns its index.</summary>
    public int WaitFor(string pattern, TimeSpan? deadline = null)
    {
        var regex = new Regex(pattern);
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (DateTime.UtcNow < until)
        {
            lock (_gate)
            {
                var i = _lines.FindIndex(l => regex.IsMatch(l));
                if (i >= 0) return i;
            }
            if (_unshare.HasExited && !MatchesAny(regex)) break;
            Thread.Sleep(20);
        }
        var end = _unshare.HasExited ? $"init's namespace ended (unshare status {_unshare.ExitCode})" : "deadline passed";
        throw new TimeoutException($"no console line matching /{pattern}/: {end}; console so far:\n{Log}");
    }

    private bool MatchesAny(Regex regex)
    {
        _unshare.WaitForExit(); // without a timeout it also waits for the end of the redirected output
        lock (_gate) return _lines.Any(l => regex.IsMatch(l));
    }

    /// <summary>init's pid as the host sees it: the child of unshare.</summary>
    public int HostPid
    {
        get
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < until)
            {
                var children = File.ReadAllText($"/proc/{_unshare.Id}/task/{_unshare.Id}/children").Trim();
                if (children.Length > 0) return int.Parse(children.Split(' ')[0]);
                Thread.Sleep(10);
            }
            throw new TimeoutException("unshare started no child");
        }
    }

    public void Signal(int signal) => Linux.Native.Signal.kill(HostPid, signal);

    public bool WaitForExit(TimeSpan deadline) => _unshare.WaitForExit(deadline);

    /// <summary>How the namespace ended, as unshare reports its child: reboot(2) in a child pid namespace
    /// kills its init with SIGINT for POWER_OFF and HALT, SIGHUP for RESTART (kernel/pid_namespace.c).</summary>
    public int ExitCode => _unshare.ExitCode;

    /// <summary>Host pids of zombies whose parent is init: children it failed to reap.</summary>
    public List<int> ZombieChildren()
    {
        var init = HostPid;
        var zombies = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && int.Parse(fields[1]) == init) zombies.Add(pid);
        }
        return zombies;
    }

    public void Dispose()
    {
        try
        {
            if (!_unshare.HasExited)
            {
                Linux.Native.Signal.kill(HostPid, Linux.Native.Signal.SIGKILL);
                _unshare.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (TimeoutException) { _unshare.Kill(entireProcessTree: true); }
        // unshare may end between HasExited and reading its children: then there is nothing left to kill.
        catch (IOException) when (_unshare.HasExited) { }
        _unshare.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_gate) _lines.Add(line);
    }
}
