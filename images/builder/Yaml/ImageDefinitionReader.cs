using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>Parses image YAML files (LinuxKit's format) into one validated <see cref="ImageDefinition"/>.</summary>
internal static class ImageDefinitionReader
{
    private static readonly MappingSchema<ImageDefinition> Kernel = new MappingSchema<ImageDefinition>()
        .Key("image", (c, d) => d.KernelImage = ImageReference.Read(c))
        .Key("cmdline", (c, d) => d.Cmdline = c.String());

    private static readonly MappingSchema<ImageDefinition> Top = new MappingSchema<ImageDefinition>()
        .Key("kernel", (c, d) => Kernel.Read(c, d).KernelAt = c)
        .Key("init", (c, d) => d.Init.AddRange(c.Items().Select(ImageReference.Read)))
        .Key("onboot", (c, d) => d.Onboot.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("services", (c, d) => d.Services.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("onshutdown", (c, d) => d.Onshutdown.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("files", (c, d) => d.Files.AddRange(c.Items().Select(FileReader.Read)));

    public static ImageDefinition Read(IReadOnlyList<string> files)
    {
        var merged = ReadOne(files[0]);
        foreach (var file in files.Skip(1)) merged.MergeFrom(ReadOne(file));
        Validate(merged);
        return merged;
    }

    /// <summary>One document given as text, validated as a whole image.</summary>
    public static ImageDefinition FromText(string text, string file)
    {
        var d = Parse(text, file);
        Validate(d);
        return d;
    }

    public static ImageDefinition ReadOne(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BuildFailure($"{file}: cannot read: {e.Message}");
        }
        return Parse(text, file);
    }

    public static ImageDefinition Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new BuildFailure($"{file}:{e.Start.Line}:{e.Start.Column}: {Innermost(e).Message}");
        }
        if (stream.Documents.Count == 0) throw new BuildFailure($"{file}:1:1: (top): the file is empty");
        if (stream.Documents.Count > 1)
            throw new YamlCursor(stream.Documents[1].RootNode, file, "").Fail("only one YAML document per file (give several files to merge them)");
        var root = new YamlCursor(stream.Documents[0].RootNode, file, "");
        return Top.Read(root, new ImageDefinition(root));
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static void Validate(ImageDefinition d)
    {
        if (d.KernelAt is null) throw d.At.Fail("missing required key \"kernel\"");
        if (d.KernelImage is null) throw d.KernelAt.Fail("missing required key \"image\"");
        var seen = new Dictionary<string, ContainerDefinition>(StringComparer.Ordinal);
        foreach (var c in d.AllContainers)
        {
            if (seen.TryGetValue(c.Name, out var first))
                throw c.NameAt!.Fail($"duplicate container name \"{c.Name}\" (first at {first.NameAt!.Location}, {first.At.Path})");
            seen[c.Name] = c;
        }
        SupervisionRules.Check(d);
    }
}
