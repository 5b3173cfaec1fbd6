using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Builder.Yaml;

/// <summary>
/// A YAML node with where it came from (file, line, column) and its path in the document
/// (<c>services[2].binds[0]</c>), so every error can say exactly where the user must look.
/// </summary>
internal sealed class YamlCursor(YamlNode node, string file, string path)
{
    public YamlNode Node => node;
    public string File => file;
    public string Path => path;

    /// <summary>The directory of the YAML file: image paths in it are relative to it.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? "/";

    public string Location => $"{file}:{node.Start.Line}:{node.Start.Column}";

    public BuildFailure Fail(string message) => new($"{Location}: {(path.Length == 0 ? "(top)" : path)}: {message}");

    /// <summary>A failure at character <paramref name="offset"/> of this one-line scalar's text (an option inside
    /// <c>src:dst:opt,opt</c>), so the column points at the word itself.</summary>
    public BuildFailure FailAt(int offset, string message)
    {
        var quote = node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } ? 1 : 0;
        return new($"{file}:{node.Start.Line}:{node.Start.Column + quote + offset}: {(path.Length == 0 ? "(top)" : path)}: {message}");
    }

    /// <summary>An empty value (<c>key:</c>, <c>~</c>, <c>null</c>) counts as absent, as in LinuxKit's Go YAML.</summary>
    public bool IsNull => node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    public string String() =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Fail($"expected a string, found a {Kind}");

    public bool Bool() => String() switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var v => throw Fail($"expected true or false, found \"{v}\""),
    };

    public uint UInt() =>
        uint.TryParse(String(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw Fail($"expected a non-negative number, found \"{String()}\"");

    public long Long() =>
        long.TryParse(String(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw Fail($"expected a whole number, found \"{String()}\"");

    public ulong ULong() =>
        ulong.TryParse(String(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw Fail($"expected a non-negative number, found \"{String()}\"");

    public bool IsScalar => node is YamlScalarNode;

    /// <summary>A mapping of string keys to string values (<c>sysctl</c>, <c>annotations</c>), in document order.</summary>
    public Dictionary<string, string> StringMap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, keyAt, value) in Entries())
            if (!map.TryAdd(key, value.String())) throw keyAt.Fail("duplicate key");
        return map;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(params string[] allowed)
    {
        var value = String();
        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw Fail(Oci.OneOfNames.Rejection(allowed, value));
    }

    /// <summary>One of an <see cref="Oci.InitPolicy"/> field's names, as its value (<see cref="Oci.InitPolicyChoices"/>):
    /// checked as any closed set of names, then looked up.</summary>
    public T OneOf<T>(Oci.InitPolicyChoice<T> choice) where T : struct, Enum
    {
        choice.TryParse(OneOf([.. choice.Names]), out var parsed);
        return parsed;
    }

    public List<string> StringList() => Items().Select(i => i.String()).ToList();

    public IEnumerable<YamlCursor> Items()
    {
        if (node is not YamlSequenceNode seq) throw Fail($"expected a list, found a {Kind}");
        return seq.Children.Select((child, i) => new YamlCursor(child, file, $"{path}[{i}]"));
    }

    /// <summary>The entries of a mapping as (key, cursor on the key, cursor on the value).</summary>
    public IEnumerable<(string Key, YamlCursor KeyAt, YamlCursor Value)> Entries()
    {
        if (node is not YamlMappingNode map) throw Fail($"expected a mapping, found a {Kind}");
        foreach (var (k, v) in map.Children)
        {
            var key = k is YamlScalarNode s ? s.Value ?? "" : throw new YamlCursor(k, file, path).Fail("mapping keys must be strings");
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            yield return (key, new YamlCursor(k, file, childPath), new YamlCursor(v, file, childPath));
        }
    }

    private string Kind => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };
}
