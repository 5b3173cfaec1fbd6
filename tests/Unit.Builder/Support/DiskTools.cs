using System.Diagnostics;

namespace Tests.UnitBuilder.Support;

/// <summary>Reads the builder's disk images back with the Debian tools that made them (xorriso, mtools).</summary>
internal static class DiskTools
{
    /// <summary>Every file of an ISO's Rock Ridge tree, extracted into <paramref name="into"/>.</summary>
    public static void ExtractIso(string iso, string into) =>
        Run("xorriso", "xorriso", "-osirrox", "on", "-indev", iso, "-extract", "/", into);

    /// <summary>One file of the FAT partition that starts OFFSET (mtools' syntax; default 1 MiB) into a raw disk image.</summary>
    public static byte[] ReadFat(string raw, string name, string offset = "1M")
    {
        var copy = Path.Combine(Path.GetDirectoryName(raw)!, "fat-" + name.Replace('/', '_'));
        Run("mcopy", "mtools", "-n", "-i", raw + "@@" + offset, "::/" + name, copy);
        var bytes = File.ReadAllBytes(copy);
        File.Delete(copy);
        return bytes;
    }

    public static string Run(string tool, string package, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MTOOLS_SKIP_CHECK"] = "1";
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {tool} ({e.Message}): apt-get install {package}", e);
        }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
            return stdout;
        }
    }
}
