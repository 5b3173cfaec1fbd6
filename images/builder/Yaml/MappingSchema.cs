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
            if (!_readers.TryGetValue(key, out var read)) throw keyAt.Fail(UnknownKey.Message(key, _readers.Keys));
            if (!seen.Add(key)) throw keyAt.Fail("duplicate key");
            if (value.IsNull) continue;
            read(value, target);
            given.Add(key);
        }
        foreach (var name in _required)
            if (!given.Contains(name)) throw mapping.Fail($"missing required key \"{name}\"");
        return target;
    }
}
