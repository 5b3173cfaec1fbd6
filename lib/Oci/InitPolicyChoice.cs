namespace Oci;

/// <summary>
/// One closed set of names in <see cref="InitPolicy"/>: the field it belongs to and how each value is
/// spelled, the same in the image YAML (read by the builder) and in the policy JSON (read by init). The
/// one place a name becomes a value; a name outside the set is rejected with the field and what it allows.
/// </summary>
public sealed class InitPolicyChoice<T>(string fieldName, params (T Value, string Name)[] names) where T : struct, Enum
{
    public string Field => fieldName;

    /// <summary>The allowed names, in the order errors list them.</summary>
    public IEnumerable<string> Names => names.Select(n => n.Name);

    public string Allowed => string.Join(", ", Names);

    public string Name(T value)
    {
        foreach (var n in names)
            if (EqualityComparer<T>.Default.Equals(n.Value, value)) return n.Name;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{fieldName}: no name for this value");
    }

    public bool TryParse(string? text, out T value)
    {
        foreach (var n in names)
            if (string.Equals(n.Name, text, StringComparison.Ordinal))
            {
                value = n.Value;
                return true;
            }
        value = default;
        return false;
    }

    /// <summary>Why <paramref name="text"/> is not a value of this field, for an error message.</summary>
    public string Rejection(string? text) => $"{fieldName}: {OneOfNames.Rejection(Names, text)}";
}
