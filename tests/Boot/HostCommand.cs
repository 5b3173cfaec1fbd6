using System.Diagnostics;

namespace Tests.Boot;

/// <summary>A Debian tool run on the host for a boot test (mkfs.ext4, e2fsck, qemu-img); missing, it names its package.</summary>
internal static class HostCommand
{
    private static readonly string[] Directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>Runs it and returns (exit status, stdout + stderr).</summary>
    public static (int Status, string Output) Run(string command, string package, params string[] args)
    {
        var path = Directories.Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{command} is missing: apt-get install {package}");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Runs it and fails unless it exits 0.</summary>
    public static string Check(string command, string package, params string[] args)
    {
        var (status, output) = Run(command, package, args);
        if (status != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {status}:\n{output}");
        return output;
    }
}
