using System.Diagnostics;

namespace Builder.Packages;

/// <summary>
/// The .deb files of a closure, from a download cache (<c>out/cache/deb</c>, shared with images/pkg/*/build.sh):
/// what is missing is fetched with one <c>apt-get download NAME=VERSION...</c>, the way apt names the files.
/// </summary>
internal sealed class DebDownloads(string cacheDirectory)
{
    public Dictionary<string, string> Fetch(IReadOnlyList<DebianPackage> packages)
    {
        Directory.CreateDirectory(cacheDirectory);
        var missing = packages.Where(p => !File.Exists(PathOf(p))).ToList();
        if (missing.Count > 0) Download(missing);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in packages)
        {
            var file = PathOf(p);
            if (!File.Exists(file)) throw new BuildFailure($"apt-get download {p.Id} left no {p.DebFileName} in {cacheDirectory}");
            files[p.Name] = file;
        }
        return files;
    }

    private string PathOf(DebianPackage p) => Path.Combine(cacheDirectory, p.DebFileName);

    private void Download(List<DebianPackage> missing)
    {
        Console.Error.WriteLine($"builder: downloading {missing.Count} Debian packages into {cacheDirectory}");
        // The _apt sandbox user cannot write into a root-owned cache directory; we only download.
        var psi = new ProcessStartInfo("apt-get") { WorkingDirectory = cacheDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "download", "-q", "-o", "APT::Sandbox::User=root" }) psi.ArgumentList.Add(a);
        foreach (var p in missing) psi.ArgumentList.Add(p.Id);
        var proc = Formats.HostTool.Start(psi, "apt-get", "apt");
        using (proc)
        {
            var stderr = proc.StandardError.ReadToEndAsync();
            proc.StandardOutput.ReadToEnd();
            proc.WaitForExit();
            if (proc.ExitCode != 0)
                throw new BuildFailure($"apt-get download {string.Join(' ', missing.Select(p => p.Id))}: exit status {proc.ExitCode}: {stderr.Result.Trim()}");
        }
    }
}
