using System.Text.Json;

namespace Shim.Config;

/// <summary>
/// The scalar and collection readers behind <see cref="SpecReader"/>, with System.Text.Json's rules for
/// the model's types: JSON null is null for references and nullable values, numbers must be integers in
/// range (no strings), lists and maps keep null entries, a repeated key keeps its last value.
/// </summary>
internal static class JsonValues
{
    public static string? String(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Null => null,
        _ => throw new JsonShapeException(),
    };

    public static string NonNullString(JsonElement e) => String(e)!;

    public static bool? Bool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw new JsonShapeException(),
    };

    public static uint UInt(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetUInt32(out var v) ? v : throw new JsonShapeException();

    public static uint? NullableUInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : UInt(e);

    public static ulong ULong(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) ? v : throw new JsonShapeException();

    public static long Long(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw new JsonShapeException();

    public static int? NullableInt(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null
        : e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw new JsonShapeException();

    /// <summary>An object read by <paramref name="read"/>; null for JSON null.</summary>
    public static T? Object<T>(JsonElement e, Func<JsonElement, T> read) where T : class => e.ValueKind switch
    {
        JsonValueKind.Object => read(e),
        JsonValueKind.Null => null,
        _ => throw new JsonShapeException(),
    };

    /// <summary>The members of an object, for a reader that folds them into its record.</summary>
    public static JsonElement.ObjectEnumerator Members(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject() : throw new JsonShapeException();

    public static List<T>? List<T>(JsonElement e, Func<JsonElement, T> item)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Array) throw new JsonShapeException();
        var list = new List<T>(e.GetArrayLength());
        foreach (var x in e.EnumerateArray()) list.Add(item(x));
        return list;
    }

    public static List<string>? Strings(JsonElement e) => List(e, NonNullString);

    public static Dictionary<string, string>? Map(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Members(e)) map[p.Name] = NonNullString(p.Value);
        return map;
    }
}
