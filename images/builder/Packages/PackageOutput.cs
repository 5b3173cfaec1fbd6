namespace Builder.Packages;

/// <summary>
/// Where one package build writes: the layout, its keys beside it (<c>.NAME.key</c>, read by build.sh,
/// and <c>.NAME.quick</c>), and a private staging directory renamed into place at the end.
/// </summary>
internal sealed class PackageOutput
{
    public PackageOutput(string layout)
    {
        Layout = Path.GetFullPath(layout);
        Parent = Path.GetDirectoryName(Layout)!;
        var name = Path.GetFileName(Layout);
        KeyFile = Path.Combine(Parent, $".{name}.key");
        QuickFile = Path.Combine(Parent, $".{name}.quick");
        Stage = Path.Combine(Parent, $".{name}.partial-{Environment.ProcessId}");
    }

    public string Layout { get; }
    public string Parent { get; }
    public string KeyFile { get; }
    public string QuickFile { get; }
    public string Stage { get; }
    public string StagedLayout => Path.Combine(Stage, "layout");

    public bool Exists => File.Exists(Path.Combine(Layout, "index.json"));

    public bool HasKey(string file, string key) => Exists && File.Exists(file) && File.ReadAllText(file).Trim() == key;

    /// <summary>A fresh, empty staging directory (a crashed build's leftover of the same pid is removed).</summary>
    public void CreateStage()
    {
        Directory.CreateDirectory(Parent);
        if (Directory.Exists(Stage)) Directory.Delete(Stage, recursive: true);
        Directory.CreateDirectory(Stage);
    }

    /// <summary>Replaces the layout with the staged one; the keys go first and come back last, so a crash in between means "rebuild".</summary>
    public void Install(string key, string quick)
    {
        File.Delete(KeyFile);
        File.Delete(QuickFile);
        if (Directory.Exists(Layout)) Directory.Delete(Layout, recursive: true);
        Directory.Move(StagedLayout, Layout);
        File.WriteAllText(KeyFile, key + "\n");
        File.WriteAllText(QuickFile, quick + "\n");
    }

    public void RemoveStage()
    {
        if (Directory.Exists(Stage)) Directory.Delete(Stage, recursive: true);
    }
}
