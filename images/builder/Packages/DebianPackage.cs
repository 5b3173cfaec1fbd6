namespace Builder.Packages;

/// <summary>One binary package record of apt's index: what the closure and the download need.</summary>
internal sealed record DebianPackage(
    string Name,
    string Version,
    string Architecture,
    string Priority,
    List<List<Relation>> Depends,
    List<Relation> Provides,
    List<Relation> Conflicts)
{
    public string Id => $"{Name}={Version}";

    /// <summary>The file name <c>apt-get download</c> gives it (an epoch's colon is written %3a).</summary>
    public string DebFileName => $"{Name}_{Version.Replace(":", "%3a")}_{Architecture}.deb";
}
