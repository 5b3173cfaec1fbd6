namespace Builder.Images;

/// <summary>An image on disk: its config and its layers, bottom first, each opened on demand.</summary>
internal sealed record ImageLayout(string ConfigFile, IReadOnlyList<string> LayerFiles);
