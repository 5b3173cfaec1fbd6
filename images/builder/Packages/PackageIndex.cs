using System.Diagnostics;

namespace Builder.Packages;

/// <summary>
/// The packages apt would install, read from <c>apt-cache dumpavail</c>: one record per package, its
/// candidate version (apt's pinning already applied, whatever compression the lists use), in the
/// Packages file format (deb822 paragraphs). Records can also come from a Packages text (the tests).
/// </summary>
internal sealed class PackageIndex
{
    private static readonly HashSet<string> Wanted = new(StringComparer.OrdinalIgnoreCase)
    {
        "Package", "Version", "Architecture", "Priority", "Pre-Depends", "Depends", "Provides", "Conflicts", "Breaks",
    };

    private readonly Dictionary<string, DebianPackage> _packages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DebianPackage>> _providers = new(StringComparer.Ordinal);

    public static PackageIndex FromApt()
    {
        var psi = new ProcessStartInfo("apt-cache", "dumpavail") { RedirectStandardOutput = true, RedirectStandardError = true };
        var p = Formats.HostTool.Start(psi, "apt-cache dumpavail", "apt");
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var index = Parse(p.StandardOutput);
            p.WaitForExit();
            if (p.ExitCode != 0) throw new BuildFailure($"apt-cache dumpavail: exit status {p.ExitCode}: {stderr.Result.Trim()}");
            if (index._packages.Count == 0) throw new BuildFailure("apt-cache dumpavail listed no packages: run apt-get update");
            return index;
        }
    }

    public static PackageIndex Parse(TextReader text)
    {
        var index = new PackageIndex();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        while (text.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                index.Add(fields);
                fields.Clear();
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (last is not null) fields[last] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            // Most of the index is descriptions and checksums: keep only the fields the closure reads.
            last = colon > 0 && Wanted.Contains(line[..colon]) ? line[..colon] : null;
            if (last is not null) fields[last] = line[(colon + 1)..].Trim();
        }
        index.Add(fields);
        return index;
    }

    public DebianPackage? Find(string name) => _packages.GetValueOrDefault(name);

    /// <summary>The packages that list <paramref name="name"/> in Provides (a virtual package's candidates).</summary>
    public IReadOnlyList<DebianPackage> ProvidersOf(string name) => _providers.GetValueOrDefault(name) ?? [];

    private void Add(Dictionary<string, string> f)
    {
        if (!f.TryGetValue("Package", out var name) || !f.TryGetValue("Version", out var version)) return;
        var arch = f.GetValueOrDefault("Architecture") ?? "amd64";
        if (arch is not ("amd64" or "all")) return;
        var depends = Relation.ParseField(f.GetValueOrDefault("Pre-Depends"));
        depends.AddRange(Relation.ParseField(f.GetValueOrDefault("Depends")));
        var conflicts = Relation.ParseField(f.GetValueOrDefault("Conflicts")).SelectMany(g => g).ToList();
        conflicts.AddRange(Relation.ParseField(f.GetValueOrDefault("Breaks")).SelectMany(g => g));
        var provides = Relation.ParseField(f.GetValueOrDefault("Provides")).SelectMany(g => g).ToList();
        var package = new DebianPackage(name, version, arch, f.GetValueOrDefault("Priority") ?? "optional", depends, provides, conflicts);
        if (_packages.TryGetValue(name, out var seen) && DebianVersion.Compare(seen.Version, version) >= 0) return;
        if (seen is not null)
            foreach (var p in seen.Provides) _providers[p.Name].Remove(seen);
        _packages[name] = package;
        foreach (var p in provides)
        {
            if (!_providers.TryGetValue(p.Name, out var list)) _providers[p.Name] = list = [];
            list.Add(package);
        }
    }
}
