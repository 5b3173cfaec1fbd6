using System.Text.Json;

namespace Shim.Config;

/// <summary>
/// The fields the runtime spec marks REQUIRED that the model would otherwise fill with a default
/// (ociVersion, root.path, process.cwd, a device's major and minor): checked on the parsed document,
/// where a missing field is still missing. Wrong value types are left to the deserializer.
/// </summary>
internal static class RequiredFields
{
    public static void Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw FieldError.At("(top level)", "must be a JSON object");
        RequireString(root, "ociVersion", "ociVersion");
        if (!root.TryGetProperty("root", out var rootField) || rootField.ValueKind == JsonValueKind.Null)
            throw FieldError.At("root", "missing (the container's root filesystem)");
        if (rootField.ValueKind == JsonValueKind.Object) RequireString(rootField, "path", "root.path");
        if (root.TryGetProperty("process", out var process) && process.ValueKind == JsonValueKind.Object)
        {
            if (!process.TryGetProperty("args", out var args) || args.ValueKind == JsonValueKind.Null)
                throw FieldError.At("process.args", "missing (the command to run)");
            RequireString(process, "cwd", "process.cwd");
        }
        if (root.TryGetProperty("linux", out var linux) && linux.ValueKind == JsonValueKind.Object
            && linux.TryGetProperty("devices", out var devices) && devices.ValueKind == JsonValueKind.Array)
            CheckDevices(devices);
    }

    private static void CheckDevices(JsonElement devices)
    {
        var i = 0;
        foreach (var device in devices.EnumerateArray())
        {
            if (device.ValueKind == JsonValueKind.Object
                && !(device.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "p"))
            {
                foreach (var field in new[] { "major", "minor" })
                    if (!device.TryGetProperty(field, out _))
                        throw FieldError.At($"linux.devices[{i}].{field}", "missing (required unless type is \"p\")");
            }
            i++;
        }
    }

    private static void RequireString(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw FieldError.At(field, "missing");
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
            throw FieldError.At(field, "empty");
    }
}
