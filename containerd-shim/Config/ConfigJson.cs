using System.Text.Json;

namespace Shim.Config;

/// <summary>
/// Turns config.json's bytes into the spec model: a JsonDocument first, so a syntax error is reported
/// as one (with its line and byte, not as a bad value of whatever field the parser was in) and so the
/// fields the spec requires can be told apart from fields the model fills with a default; then
/// <see cref="SpecReader"/> builds the model from it. Only when a value has the wrong type does the
/// source-generated deserializer run as well, for its error that names the field, line and column.
/// </summary>
internal static class ConfigJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    public static Oci.Spec Parse(byte[] bytes, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            RequiredFields.Check(document.RootElement);
            return SpecReader.Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw FieldError.At(Where(path, e), "not valid JSON: " + Oci.JsonProblem.Describe(e));
        }
        catch (JsonShapeException)
        {
            // Some value has the wrong kind: the deserializer below finds it again and names it.
        }
        catch (InvalidOperationException)
        {
            // A string that is not UTF-8 (JsonDocument checks it only when it is read; found by tests/Unit.Fuzz):
            // the deserializer below refuses it too, naming the field.
        }
        try
        {
            return Oci.OciJson.Parse(bytes);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(top level)" : e.Path[2..];
            throw FieldError.At($"{Where(path, e)}: {field}", "not a valid value for this field");
        }
    }

    private static string Where(string path, JsonException e) =>
        e.LineNumber is { } line ? $"{path}:{line + 1}:{e.BytePositionInLine + 1}" : path;
}
