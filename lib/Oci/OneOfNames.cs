namespace Oci;

/// <summary>The one wording for a value outside a closed set of names, the same in the builder's YAML errors
/// (after <c>file:line:column: field</c>) and in init's policy JSON errors (after the field).</summary>
public static class OneOfNames
{
    public static string Rejection(IEnumerable<string> allowed, string? found) =>
        $"expected one of {string.Join(", ", allowed)}, found \"{found}\"";
}
