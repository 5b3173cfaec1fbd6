using System.Security.Cryptography;
using System.Text;

namespace Builder.Packages;

/// <summary>
/// What a package build depends on, hashed. The full key: the recipe's files, the busybox layout under
/// it, and the resolved package versions. The quick key swaps the versions for the state of apt's lists
/// (names, sizes, times), so an unchanged recipe on unchanged lists is "up to date" without reading the
/// index at all; when the lists changed, the full key decides.
/// </summary>
internal static class BuildKey
{
    /// <summary>Bumped when the tool's output for the same inputs changes (pruning, layout, tar format).</summary>
    public const string FormatVersion = "cinit-pkg 1";

    private const string AptLists = "/var/lib/apt/lists";

    public static string Sources(PackageRecipe recipe, string? busyboxLayout, IReadOnlyList<string>? programs = null)
    {
        var lines = new List<string> { FormatVersion, File.ReadAllText(recipe.File) };
        lines.AddRange(RecipeOverlay.Fingerprint(recipe.RootfsOverlay));
        // A rebuilt program (dotnet publish into out/bin) rebuilds the package: its bytes are part of the key.
        foreach (var program in programs ?? [])
            using (var f = File.OpenRead(program))
                lines.Add($"program {Path.GetFileName(program)} {Convert.ToHexStringLower(SHA256.HashData(f))}");
        if (busyboxLayout is not null) lines.Add("busybox " + File.ReadAllText(Path.Combine(busyboxLayout, "index.json")));
        return Hash(lines);
    }

    public static string Full(string sources, IEnumerable<DebianPackage> closure) =>
        Hash([sources, .. closure.Select(p => p.Id).Order(StringComparer.Ordinal)]);

    public static string Quick(string sources)
    {
        var lines = new List<string> { sources };
        foreach (var dir in new[] { AptLists, "/etc/apt/preferences.d" })
            if (Directory.Exists(dir))
                foreach (var f in new DirectoryInfo(dir).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                    lines.Add($"{f.FullName} {f.Length} {f.LastWriteTimeUtc.Ticks}");
        if (File.Exists("/etc/apt/preferences")) lines.Add(File.ReadAllText("/etc/apt/preferences"));
        return Hash(lines);
    }

    private static string Hash(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\0", lines))));
}
