using System.Diagnostics;

namespace Tests.UnitShim;

/// <summary>Compiles a C program that prints C expressions with gcc against the system headers and
/// returns their values by expression (the same probe InteropConstantsTests runs, for any headers).</summary>
internal static class CProbe
{
    public static Dictionary<string, ulong> Print(IEnumerable<string> prelude, IEnumerable<string> expressions)
    {
        var names = expressions.ToList();
        var dir = Directory.CreateTempSubdirectory("cprobe-").FullName;
        try
        {
            var lines = names.Select((e, i) => $"printf(\"{i} %llu\\n\", (unsigned long long)({e}));");
            File.WriteAllText(Path.Combine(dir, "p.c"), string.Join("\n", prelude) + "\n#include <stdio.h>\nint main(void) {\n" + string.Join("\n", lines) + "\nreturn 0; }\n");
            Run("gcc", ["-o", $"{dir}/p", $"{dir}/p.c"]);
            return Run($"{dir}/p", []).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .ToDictionary(p => names[int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture)], p => ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("gcc and the kernel headers are needed to check interop constants: apt-get install gcc linux-libc-dev");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(); throw new TimeoutException($"{file} took over 60 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
