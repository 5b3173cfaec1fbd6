using Builder.Yaml;

namespace Builder.Packages;

/// <summary>An <c>images/pkg/NAME/build.yml</c> as read (docs/packages.md); cursors kept for errors.</summary>
internal sealed class PackageRecipe(string directory, string file)
{
    public string Directory { get; } = directory;
    public string File { get; } = file;
    public string Name { get; set; } = "";
    public List<(string Name, YamlCursor At)> Debian { get; } = [];
    public YamlCursor? DebianAt { get; set; }
    public HashSet<string> Exclude { get; } = new(StringComparer.Ordinal);
    public bool Busybox { get; set; }

    /// <summary>Our own binaries (<c>programs:</c>), copied from the build's out/bin to usr/bin/NAME.</summary>
    public List<(string Name, YamlCursor At)> Programs { get; } = [];
    public List<AccountEntry> Users { get; } = [];
    public List<AccountEntry> Groups { get; } = [];
    public List<string> Remove { get; } = [];
    public List<FileConcatenation> Concatenate { get; } = [];
    public List<DirectoryEntry> Directories { get; } = [];
    public List<string>? Entrypoint { get; set; }
    public List<string>? Cmd { get; set; }
    public List<string>? Env { get; set; }
    public string? User { get; set; }
    public string? WorkingDir { get; set; }

    /// <summary>The <c>config:</c> mapping as JSON: the image's <c>org.mobyproject.config</c> label.</summary>
    public string? LabelJson { get; set; }

    /// <summary>The directory whose files are laid over the result (<c>rootfs/</c>), if it exists.</summary>
    public string RootfsOverlay => Path.Combine(Directory, "rootfs");
}
