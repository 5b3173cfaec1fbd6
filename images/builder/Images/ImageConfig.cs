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

    public static ImageConfig Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object)
            return Empty;
        return new ImageConfig(Strings(c, "Entrypoint"), Strings(c, "Cmd"), Strings(c, "Env"),
            NonEmpty(c, "WorkingDir"), NonEmpty(c, "User")) { Labels = ReadLabels(c) };
    }

    private static string[] Strings(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
            : [];

    private static Dictionary<string, string> ReadLabels(JsonElement obj) =>
        obj.TryGetProperty("Labels", out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    private static string? NonEmpty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
