using System.Diagnostics;

namespace Tests.Common;

/// <summary>
/// A container rootfs made of Debian's static busybox (package busybox-static) and its applet
/// links, for host tests. Tests fail with an install hint when busybox is missing.
/// </summary>
internal static class BusyboxRootfs
{
    public const string BusyboxPath = "/bin/busybox";

    /// <summary>Creates <paramref name="dir"/> with bin/busybox, applet symlinks, and the usual empty dirs.</summary>
    public static void Create(string dir)
    {
        if (!File.Exists(BusyboxPath) || !IsStatic(BusyboxPath))
            throw new InvalidOperationException("a static /bin/busybox is needed: apt-get install busybox-static");
        foreach (var d in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "etc", "root", "run", "var" })
            Directory.CreateDirectory(Path.Combine(dir, d));
        File.Copy(BusyboxPath, Path.Combine(dir, "bin/busybox"), overwrite: true);
        foreach (var applet in Applets())
        {
            var link = Path.Combine(dir, "bin", applet);
            if (!File.Exists(link) && applet != "busybox") File.CreateSymbolicLink(link, "busybox");
        }
        File.WriteAllText(Path.Combine(dir, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File.WriteAllText(Path.Combine(dir, "etc/group"), "root:x:0:\nnobody:x:65534:\n");
    }

    private static IEnumerable<string> Applets()
    {
        var psi = new ProcessStartInfo(BusyboxPath, "--list") { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var list = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        return list;
    }

    private static bool IsStatic(string path)
    {
        // An ELF without a PT_INTERP program header is static; busybox-static's is.
        var bytes = File.ReadAllBytes(path);
        return !System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("ld-linux");
    }
}
