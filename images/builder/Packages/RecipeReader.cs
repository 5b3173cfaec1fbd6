using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Packages;

/// <summary>Reads and checks <c>images/pkg/NAME/build.yml</c>; every error is <c>FILE:LINE:COL: PATH: message</c>.</summary>
internal static partial class RecipeReader
{
    public const string FileName = "build.yml";

    private static readonly MappingSchema<AccountEntry> User = new MappingSchema<AccountEntry>()
        .Key("name", (c, u) => u.Name = AccountName(c))
        .Key("uid", (c, u) => u.Id = c.UInt())
        .Key("gid", (c, u) => u.Gid = c.UInt())
        .Key("home", (c, u) => u.Home = c.String())
        .Key("shell", (c, u) => u.Shell = c.String())
        .Key("gecos", (c, u) => u.Gecos = c.String())
        .Required("name", "uid", "gid");

    private static readonly MappingSchema<AccountEntry> Group = new MappingSchema<AccountEntry>()
        .Key("name", (c, g) => g.Name = AccountName(c))
        .Key("gid", (c, g) => g.Id = c.UInt())
        .Key("members", (c, g) => g.Members = c.Items().Select(AccountName).ToList())
        .Required("name", "gid");

    private static readonly MappingSchema<FileConcatenation> Concatenation = new MappingSchema<FileConcatenation>()
        .Key("path", (c, f) => f.Path = PrunePath(c))
        .Key("from", (c, f) => f.From = c.Items().Select(PrunePath).ToList())
        .Required("path", "from");

    private static readonly MappingSchema<DirectoryEntry> MadeDirectory = new MappingSchema<DirectoryEntry>()
        .Key("path", (c, d) => d.Path = PrunePath(c))
        .Key("uid", (c, d) => d.Uid = c.UInt())
        .Key("gid", (c, d) => d.Gid = c.UInt())
        .Key("mode", (c, d) => d.Mode = OctalMode.Read(c))
        .Required("path");

    private static readonly MappingSchema<PackageRecipe> ImageConfig = new MappingSchema<PackageRecipe>()
        .Key("entrypoint", (c, r) => r.Entrypoint = c.StringList())
        .Key("cmd", (c, r) => r.Cmd = c.StringList())
        .Key("env", (c, r) => r.Env = c.StringList())
        .Key("user", (c, r) => r.User = c.String())
        .Key("workingDir", (c, r) => r.WorkingDir = c.String());

    private static readonly MappingSchema<PackageRecipe> Top = new MappingSchema<PackageRecipe>()
        .Key("image", (c, r) => r.Name = ImageName(c, r))
        .Key("debian", (c, r) => Packages(c, r))
        .Key("exclude", (c, r) => r.Exclude.UnionWith(c.Items().Select(PackageName)))
        .Key("busybox", (c, r) => r.Busybox = c.Bool())
        .Key("programs", (c, r) => Programs(c, r))
        .Key("users", (c, r) => r.Users.AddRange(c.Items().Select(u => User.Read(u, new AccountEntry()))))
        .Key("groups", (c, r) => r.Groups.AddRange(c.Items().Select(g => Group.Read(g, new AccountEntry()))))
        .Key("concatenate", (c, r) => r.Concatenate.AddRange(c.Items().Select(f => Concatenation.Read(f, new FileConcatenation()))))
        .Key("directories", (c, r) => r.Directories.AddRange(c.Items().Select(d => MadeDirectory.Read(d, new DirectoryEntry()))))
        .Key("remove", (c, r) => r.Remove.AddRange(c.Items().Select(PrunePath)))
        .Key("imageConfig", (c, r) => ImageConfig.Read(c, r))
        .Key("config", (c, r) => r.LabelJson = Label(c))
        .Required("image");

    /// <summary>Reads <paramref name="directory"/>/build.yml.</summary>
    public static PackageRecipe Read(string directory)
    {
        var file = Path.Combine(directory, FileName);
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BuildFailure($"{file}: cannot read: {e.Message}");
        }
        return Parse(text, directory, file);
    }

    public static PackageRecipe Parse(string text, string directory, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new BuildFailure($"{file}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0) throw new BuildFailure($"{file}: empty recipe (at least \"image: NAME\")");
        var root = new YamlCursor(stream.Documents[0].RootNode, file, "");
        var recipe = Top.Read(root, new PackageRecipe(directory, file));
        CheckAccounts(recipe, root);
        return recipe;
    }

    private static string ImageName(YamlCursor c, PackageRecipe r)
    {
        var name = c.String();
        if (!NamePattern().IsMatch(name)) throw c.Fail($"invalid image name \"{name}\": expected [a-z0-9][a-z0-9_.-]*");
        var dir = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(r.Directory)));
        return name == dir ? name : throw c.Fail($"image \"{name}\" must equal the recipe's directory name \"{dir}\"");
    }

    private static void Packages(YamlCursor c, PackageRecipe r)
    {
        r.DebianAt = c;
        foreach (var item in c.Items())
        {
            var name = PackageName(item);
            if (r.Debian.Any(p => p.Name == name)) throw item.Fail($"package \"{name}\" is listed twice");
            r.Debian.Add((name, item));
        }
    }

    private static void Programs(YamlCursor c, PackageRecipe r)
    {
        foreach (var item in c.Items())
        {
            var name = item.String();
            if (!NamePattern().IsMatch(name)) throw item.Fail($"invalid program name \"{name}\": expected a file name of out/bin ([a-z0-9][a-z0-9_.-]*)");
            if (r.Programs.Any(p => p.Name == name)) throw item.Fail($"program \"{name}\" is listed twice");
            r.Programs.Add((name, item));
        }
    }

    private static string PackageName(YamlCursor c)
    {
        var name = c.String();
        return PackagePattern().IsMatch(name) ? name : throw c.Fail($"invalid Debian package name \"{name}\"");
    }

    private static string AccountName(YamlCursor c)
    {
        var name = c.String();
        return AccountPattern().IsMatch(name) ? name : throw c.Fail($"invalid user or group name \"{name}\"");
    }

    private static string PrunePath(YamlCursor c)
    {
        var path = c.String().Trim('/');
        if (path.Length == 0 || path.Split('/').Contains("..")) throw c.Fail($"expected a path inside the image, found \"{c.String()}\"");
        return path;
    }

    /// <summary>Checked with the label schema the builder reads images with, then kept as JSON.</summary>
    private static string Label(YamlCursor c)
    {
        ContainerReader.ReadLabel(c);
        return JsonSerializer.Serialize(YamlJson.Convert(c.Node));
    }

    private static void CheckAccounts(PackageRecipe r, YamlCursor root)
    {
        foreach (var (list, what) in new[] { (r.Users, "user"), (r.Groups, "group") })
        {
            var twice = list.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw root.Fail($"{what} \"{twice.Key}\" is declared twice");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex PackagePattern();

    [GeneratedRegex("^[a-z_][a-z0-9_-]*\\$?$")]
    private static partial Regex AccountPattern();
}
