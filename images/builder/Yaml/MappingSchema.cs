namespace Builder.Yaml;

/// <summary>
/// The keys a YAML mapping may hold and how each is read into <typeparamref name="T"/>: adding a key
/// is one <see cref="Key"/> line. Unknown keys, duplicates and missing required keys are errors at
/// their line and column.
/// </summary>
internal sealed class MappingSchema<T>
{
    private readonly Dictionary<string, Action<YamlCursor, T>> _readers = new(StringComparer.Ordinal);
    private readonly List<string> _required = [];

    public MappingSchema<T> Key(string name, Action<YamlCursor, T> read)
    {
        _readers.Add(name, read);
        return this;
    }

    public MappingSchema<T> Required(params string[] names)
    {
        _required.AddRange(names);
        return this;
    }

    public T Read(YamlCursor mapping, T target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, keyAt, value) in mapping.Entries())
        {
            if (!_readers.TryGetValue(key, out var read)) throw keyAt.Fail(Unknown(key));
            if (!seen.Add(key)) throw keyAt.Fail("duplicate key");
            if (value.IsNull) continue;
            read(value, target);
            given.Add(key);
        }
        foreach (var name in _required)
            if (!given.Contains(name)) throw mapping.Fail($"missing required key \"{name}\"");
        return target;
    }

    /// <summary>A near miss (a typo, a case slip) names the key meant; otherwise every known key is listed.</summary>
    private string Unknown(string key)
    {
        var near = _readers.Keys.Select(k => (Key: k, Distance: EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(1, k.Key.Length / 4)).OrderBy(k => k.Distance).FirstOrDefault();
        return near.Key is { } meant
            ? $"unknown key (did you mean \"{meant}\"?)"
            : $"unknown key (known keys: {string.Join(", ", _readers.Keys)})";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
