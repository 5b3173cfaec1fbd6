using Builder.Tree;

namespace Builder.Yaml;

/// <summary>Reads one <c>files:</c> entry and checks it cannot write outside the root. A leading <c>/</c> is
/// dropped, as LinuxKit does: paths are always inside the image.</summary>
internal static class FileReader
{
    private static readonly MappingSchema<FileDefinition> Schema = new MappingSchema<FileDefinition>()
        .Key("path", (c, f) => f.Path = InRootPath(c))
        .Key("contents", (c, f) => f.Contents = c.String())
        .Key("directory", (c, f) => f.Directory = c.Bool())
        .Key("symlink", (c, f) => f.Symlink = c.String())
        .Key("source", (c, f) => f.Source = HostPath(c))
        .Key("metadata", (c, f) => f.Metadata = c.OneOf("json", "yaml"))
        .Key("optional", (c, f) => f.Optional = c.Bool())
        .Key("mode", (c, f) => f.Mode = OctalMode.Read(c))
        .Key("uid", (c, f) => f.Uid = IdValue.Read(c))
        .Key("gid", (c, f) => f.Gid = IdValue.Read(c))
        .Required("path");

    public static FileDefinition Read(YamlCursor c)
    {
        var file = Schema.Read(c, new FileDefinition(c));
        var kinds = (file.Contents is not null ? 1 : 0) + (file.Directory ? 1 : 0) + (file.Symlink is not null ? 1 : 0)
                    + (file.Source is not null ? 1 : 0) + (file.Metadata is not null ? 1 : 0);
        if (kinds > 1) throw c.Fail("give only one of contents, directory: true, symlink, source, metadata");
        if (kinds == 0) throw c.Fail($"contents of file {file.Path} not specified: give contents, directory: true, symlink, source or metadata");
        if (file.Optional && file.Source is null) throw c.Fail("optional applies to source files only");
        return file;
    }

    private static string InRootPath(YamlCursor c)
    {
        var path = c.String().TrimStart('/');
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

    /// <summary><c>~/</c> is the home directory; other relative paths are relative to the YAML file.</summary>
    private static string HostPath(YamlCursor c)
    {
        var path = c.String();
        if (path.Length == 0) throw c.Fail("expected a file path");
        if (path.StartsWith("~/", StringComparison.Ordinal))
            return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        return System.IO.Path.GetFullPath(path, c.Directory);
    }
}
