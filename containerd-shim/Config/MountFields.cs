namespace Shim.Config;

/// <summary>mounts[]: destination, type, source and options of each entry, checked before anything is
/// mounted; returns the options as mount(2) arguments, one per entry.</summary>
internal static class MountFields
{
    public static IReadOnlyList<Oci.MountArguments> Check(IReadOnlyList<Oci.Mount> mounts)
    {
        var options = new List<Oci.MountArguments>(mounts.Count);
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i] ?? throw FieldError.At($"mounts[{i}]", "null");
            // Destination is non-nullable in the model, yet JSON null reaches it (found by tests/Unit.Fuzz).
            if (m.Destination is null) throw FieldError.At($"mounts[{i}].destination", "missing");
            if (!m.Destination.StartsWith('/'))
                throw FieldError.At($"mounts[{i}].destination", $"\"{m.Destination}\" is not an absolute path");
            var parsed = Oci.MountOptionTable.Parse(m.Options, m.Type == "bind", out var problem)
                ?? throw FieldError.At($"mounts[{i}].options[{problem.Index}]", problem.Message);
            if (parsed.IsBind && string.IsNullOrEmpty(m.Source))
                throw FieldError.At($"mounts[{i}].source", "missing (a bind mount needs one)");
            if (!parsed.IsBind && string.IsNullOrEmpty(m.Type))
                throw FieldError.At($"mounts[{i}].type", "missing (needed unless the options say bind or rbind)");
            if (m.Type is { } type && (type.Contains('/', StringComparison.Ordinal) || type.Contains(',', StringComparison.Ordinal)))
                throw FieldError.At($"mounts[{i}].type", $"\"{type}\" is not a filesystem type");
            options.Add(parsed);
        }
        return options;
    }
}
