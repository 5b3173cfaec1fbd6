using Builder.Tree;

namespace Builder.Yaml;

/// <summary>Reads one <c>files:</c> entry and checks it cannot write outside the root.</summary>
internal static class FileReader
{
    private static readonly MappingSchema<FileDefinition> Schema = new MappingSchema<FileDefinition>()
        .Key("path", (c, f) => f.Path = InRootPath(c))
        .Key("contents", (c, f) => f.Contents = c.String())
        .Key("directory", (c, f) => f.Directory = c.Bool())
        .Key("symlink", (c, f) => f.Symlink = c.String())
        .Key("mode", (c, f) => f.Mode = OctalMode(c))
        .Required("path");

    public static FileDefinition Read(YamlCursor c)
    {
        var file = Schema.Read(c, new FileDefinition(c));
        var kinds = (file.Contents is not null ? 1 : 0) + (file.Directory ? 1 : 0) + (file.Symlink is not null ? 1 : 0);
        if (kinds > 1) throw c.Fail("give only one of contents, directory: true, symlink");
        return file;
    }

    private static string InRootPath(YamlCursor c)
    {
        var path = c.String();
        if (path.StartsWith('/')) throw c.Fail($"path must be relative to the image root (no leading /), found \"{path}\"");
        string[] parts;
        try
        {
            parts = RelativePath.Split(path);
        }
        catch (BuildFailure e)
        {
            throw c.Fail(e.Message);
        }
        return parts.Length > 0 ? path : throw c.Fail("path names the root itself");
    }

    private static uint OctalMode(YamlCursor c)
    {
        var text = c.String();
        if (text.Length is 0 or > 5 || !text.All(ch => ch is >= '0' and <= '7'))
            throw c.Fail($"expected an octal mode such as \"0644\", found \"{text}\"");
        var mode = Convert.ToUInt32(text, 8);
        return mode <= 0xFFF ? mode : throw c.Fail($"mode \"{text}\" is larger than 07777");
    }
}
