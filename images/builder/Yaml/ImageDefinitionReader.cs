using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>Parses image YAML files (LinuxKit's format) into one validated <see cref="ImageDefinition"/>.</summary>
internal static class ImageDefinitionReader
{
    private static readonly MappingSchema<ImageDefinition> Kernel = new MappingSchema<ImageDefinition>()
        .Key("image", (c, d) => d.KernelImage = ImageReference.Read(c))
        .Key("cmdline", (c, d) => d.Cmdline = c.String())
        .Key("binary", (c, d) => d.KernelBinary = KernelFile(c))
        .Key("tar", (c, d) => d.KernelTar = c.String() is "" or "none" ? "none" : KernelFile(c))
        .Key("ucode", (c, d) => d.KernelUcode = KernelFile(c));

    // LinuxKit's content trust: we verify every blob's digest and sign nothing, so the key has no effect.
    private static readonly MappingSchema<ImageDefinition> Trust = new MappingSchema<ImageDefinition>()
        .Key("image", (c, d) => c.StringList())
        .Key("org", (c, d) => c.StringList());

    private static readonly MappingSchema<ImageDefinition> Top = new MappingSchema<ImageDefinition>()
        .Key("kernel", (c, d) => Kernel.Read(c, d).KernelAt = c)
        .Key("init", (c, d) => d.Init.AddRange(c.Items().Select(ImageReference.Read)))
        .Key("onboot", (c, d) => d.Onboot.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("services", (c, d) => d.Services.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("onshutdown", (c, d) => d.Onshutdown.AddRange(c.Items().Select(ContainerReader.Read)))
        .Key("files", (c, d) => d.Files.AddRange(c.Items().Select(FileReader.Read)))
        .Key("volumes", (c, d) => d.Volumes.AddRange(c.Items().Select(VolumeDefinition.Read)))
        .Key("trust", (c, d) => Trust.Read(c, d).Warnings.Add($"{c.Location}: trust: accepted without effect (content trust is not implemented; every blob's digest is still checked)"));

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
        var parser = new PositionedParser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new BuildFailure($"{file}:{e.Start.Line}:{e.Start.Column}: {Innermost(e).Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var at = parser.LastEnd;
            throw new BuildFailure($"{file}:{at.Line}:{at.Column}: malformed YAML after this point (the parser gave up: {e.Message})");
        }
        if (stream.Documents.Count == 0) throw new BuildFailure($"{file}:1:1: (top): the file is empty");
        if (stream.Documents.Count > 1)
            throw new YamlCursor(stream.Documents[1].RootNode, file, "").Fail("only one YAML document per file (give several files to merge them)");
        var root = new YamlCursor(stream.Documents[0].RootNode, file, "");
        var d = Top.Read(root, new ImageDefinition(root));
        d.Sources.Add(root.Node);
        return d;
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
        VolumeRules.Check(d);
    }

    /// <summary>A file inside the kernel image: relative, no "..".</summary>
    private static string KernelFile(YamlCursor c)
    {
        var path = c.String().TrimStart('/');
        try
        {
            return Tree.RelativePath.Split(path).Length > 0 ? path : throw c.Fail("expected a file in the kernel image");
        }
        catch (BuildFailure e) when (!e.Message.StartsWith(c.Location, StringComparison.Ordinal))
        {
            throw c.Fail(e.Message);
        }
    }
}
