using static Linux.Native.Mount;
using static Linux.Native.Sched;

namespace Shim.Config;

/// <summary>linux.* and the fields that depend on the namespaces (hostname, domainname), checked
/// before anything is created.</summary>
internal static class LinuxFields
{
    /// <summary>The kernel's dev_t holds a 12-bit major and a 20-bit minor.</summary>
    private const long MaxMajor = 0xfff, MaxMinor = 0xfffff;

    public static void Check(Oci.Spec spec, NamespaceSet namespaces)
    {
        if (spec.Hostname is { Length: > 0 } && !namespaces.Has(CLONE_NEWUTS))
            throw FieldError.At("hostname", $"\"{spec.Hostname}\" needs a uts namespace (linux.namespaces)");
        if (spec.Domainname is { Length: > 0 } && !namespaces.Has(CLONE_NEWUTS))
            throw FieldError.At("domainname", $"\"{spec.Domainname}\" needs a uts namespace (linux.namespaces)");
        UserNamespaceFields.Check(spec, namespaces);
        var linux = spec.Linux;
        if (linux is null) return;
        // Without a mount namespace the root's propagation is the runtime's own: not the container's to change.
        if (linux.RootfsPropagation is { Length: > 0 } && !namespaces.Has(CLONE_NEWNS))
            throw FieldError.At("linux.rootfsPropagation", "needs a mount namespace (linux.namespaces): it would change the runtime's own mounts");
        foreach (var (key, _) in linux.Sysctl ?? [])
            if (SysctlRule.Refusal(key, namespaces) is { } why) throw FieldError.At($"linux.sysctl[\"{key}\"]", why);
        CheckDevices(linux.Devices ?? []);
        CheckAbsolute(linux.MaskedPaths, "linux.maskedPaths");
        CheckAbsolute(linux.ReadonlyPaths, "linux.readonlyPaths");
    }

    /// <summary>linux.rootfsPropagation as mount flags; runc's default, rslave, lets host unmounts reach
    /// the container without the container's mounts reaching the host.</summary>
    public static ulong RootfsPropagation(string? value) =>
        string.IsNullOrEmpty(value) ? MS_SLAVE | MS_REC
        : Oci.MountOptionTable.Propagations.TryGetValue(value, out var flags) ? flags
        : throw FieldError.At("linux.rootfsPropagation", $"unknown value \"{value}\" (one of [r]private, [r]slave, [r]shared, [r]unbindable)");

    private static void CheckDevices(IReadOnlyList<Oci.Device> devices)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < devices.Count; i++)
        {
            var field = $"linux.devices[{i}]";
            // JSON null reaches the non-nullable model (found by tests/Unit.Fuzz).
            var d = devices[i] ?? throw FieldError.At(field, "null");
            if (d.Path is null) throw FieldError.At(field + ".path", "missing");
            if (d.Type is not ("c" or "b" or "u" or "p"))
                throw FieldError.At(field + ".type", $"unknown device type \"{d.Type}\" (one of c, b, u, p)");
            if (!d.Path.StartsWith('/') || d.Path.TrimEnd('/').Length == 0)
                throw FieldError.At(field + ".path", $"\"{d.Path}\" is not an absolute path to a file");
            if (!paths.Add(d.Path)) throw FieldError.At(field + ".path", $"\"{d.Path}\" is given twice");
            if (d.Type != "p" && d.Major is < 0 or > MaxMajor)
                throw FieldError.At(field + ".major", $"{d.Major} is outside 0..{MaxMajor}");
            if (d.Type != "p" && d.Minor is < 0 or > MaxMinor)
                throw FieldError.At(field + ".minor", $"{d.Minor} is outside 0..{MaxMinor}");
            if (d.FileMode is > 0xfff)
                throw FieldError.At(field + ".fileMode", $"{d.FileMode} (0{Convert.ToString(d.FileMode.Value, 8)}) has bits beyond 07777");
            if (d.Uid == uint.MaxValue || d.Gid == uint.MaxValue)
                throw FieldError.At(field + (d.Uid == uint.MaxValue ? ".uid" : ".gid"), "4294967295 is not a valid id");
        }
    }

    private static void CheckAbsolute(IReadOnlyList<string>? paths, string field)
    {
        for (var i = 0; i < (paths?.Count ?? 0); i++)
            if (paths![i] is not { } p || !p.StartsWith('/'))
                throw FieldError.At($"{field}[{i}]", $"\"{paths[i]}\" is not an absolute path");
    }
}
