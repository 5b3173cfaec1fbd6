using System.ComponentModel;
using System.Diagnostics;

namespace Builder.Formats;

/// <summary>
/// Runs one Debian tool that makes a disk image, with an environment that makes its output depend on
/// its input only: a fixed clock (<c>SOURCE_DATE_EPOCH</c>, honoured by xorriso and mtools), UTC (FAT
/// stores local time) and the C locale. A missing tool is a failure that names the package to install.
/// </summary>
internal sealed class HostTool(string command, string package)
{
    // mkfs.fat lives in /usr/sbin, which a non-root PATH often lacks.
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin"];

    public string Command => command;

    public string Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }
        throw new BuildFailure($"{command} is missing: apt-get install {package}");
    }

    /// <summary>Starts a tool whose output the caller streams (apt-get, dpkg-deb, apt-cache); one that cannot
    /// be started is a failure naming what (the command and its words) and the package to install.</summary>
    public static Process Start(ProcessStartInfo psi, string what, string package)
    {
        try { return Process.Start(psi)!; }
        catch (Win32Exception e) { throw new BuildFailure($"{what}: {e.Message} (apt-get install {package})"); }
    }

    public void Run(long epoch, string workingDirectory, params string[] args) => RunWithInput(epoch, workingDirectory, null, args);

    /// <summary>Runs it with INPUTFILE (or nothing) on its stdin.</summary>
    public void RunWithInput(long epoch, string workingDirectory, string? inputFile, params string[] args)
    {
        var psi = new ProcessStartInfo(Locate())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SOURCE_DATE_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["TZ"] = "UTC";
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["MTOOLS_SKIP_CHECK"] = "1";
        string output;
        int code;
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (inputFile is not null)
            {
                using var input = File.OpenRead(inputFile);
                try { input.CopyTo(p.StandardInput.BaseStream); }
                catch (IOException) { } // it stopped reading: its exit status and output say why
            }
            try { p.StandardInput.Close(); }
            catch (IOException) { }
            output = stdout.Result + stderr.Result;
            p.WaitForExit();
            code = p.ExitCode;
        }
        catch (Win32Exception e)
        {
            throw new BuildFailure($"{command}: cannot start: {e.Message} (apt-get install {package})");
        }
        if (code != 0)
            throw new BuildFailure($"{command} {string.Join(' ', args)}: exit status {code}: {Tail(output)}");
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" / ", lines.TakeLast(3));
    }
}
