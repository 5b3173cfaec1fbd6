using System.Text.Json;

namespace Builder.Images;

/// <summary>The parts of an image's config that give a container its defaults (LinuxKit semantics).</summary>
internal sealed record ImageConfig(
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? User)
{
    public static ImageConfig Empty { get; } = new([], [], [], null, null);

    /// <summary>config.Labels; <c>org.mobyproject.config</c> there holds LinuxKit's container defaults.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>A document that is not JSON, or a field of the wrong kind, is a build error naming the field.</summary>
    public static ImageConfig Parse(Stream json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"image config: not valid JSON: {e.Message}");
        }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new BuildFailure($"image config: expected a JSON object, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        if (!doc.RootElement.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object)
            return Empty;
        try
        {
            return new ImageConfig(Strings(c, "Entrypoint"), Strings(c, "Cmd"), Strings(c, "Env"),
                NonEmpty(c, "WorkingDir"), NonEmpty(c, "User")) { Labels = ReadLabels(c) };
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument checks a string's UTF-8 only when it is read (found by tests/Unit.Fuzz).
            throw new BuildFailure($"image config: config: {e.Message}");
        }
    }

    private static string[] Strings(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select((e, i) => e.ValueKind switch
            {
                JsonValueKind.String => e.GetString()!,
                JsonValueKind.Null => "",
                _ => throw new BuildFailure($"image config: config.{name}[{i}]: expected a string, found {e.ValueKind.ToString().ToLowerInvariant()}"),
            }).ToArray()
            : [];

    private static Dictionary<string, string> ReadLabels(JsonElement obj) =>
        obj.TryGetProperty("Labels", out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    private static string? NonEmpty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
