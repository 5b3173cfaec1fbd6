using Oci;

namespace Builder.Yaml;

/// <summary>
/// Mount options checked when the YAML is read, against the table the shim and init use
/// (<see cref="MountOptionTable"/>), so an option they would refuse at container start (or init at boot, for
/// <c>runtime.mounts</c>) is a build error at the option's own line and column.
/// </summary>
internal static class MountOptionRules
{
    /// <summary>An <c>options:</c> list, one YAML item per option.</summary>
    public static void CheckList(YamlCursor list, IReadOnlyList<string> options, bool bind)
    {
        if (MountOptionTable.Parse(options, bind, out var problem) is null)
            throw list.Items().ElementAt(problem.Index).Fail(problem.Message);
    }

    /// <summary>Options written inside a scalar (<c>binds</c>' <c>src:dst:opt,opt</c>, <c>tmpfs</c>'
    /// <c>/dst:opt,opt</c>) from character <paramref name="start"/> on, separated by commas.</summary>
    public static void CheckInScalar(YamlCursor scalar, int start, IReadOnlyList<string> options, bool bind)
    {
        if (MountOptionTable.Parse(options, bind, out var problem) is not null) return;
        var text = scalar.String();
        var offset = start;
        for (var i = 0; i < problem.Index; i++)
            offset = text.IndexOf(options[i], offset, StringComparison.Ordinal) + options[i].Length;
        offset = text.IndexOf(options[problem.Index], offset, StringComparison.Ordinal);
        throw scalar.FailAt(offset, problem.Message);
    }
}
