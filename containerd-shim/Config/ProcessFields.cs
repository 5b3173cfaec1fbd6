using Linux.Native;

namespace Shim.Config;

/// <summary>process.*: every field stage 2 uses, checked before anything is created, so a bad value
/// never surfaces half-way through a container's setup (or, for a uid of 4294967295, not at all:
/// setresuid takes -1 as "leave unchanged").</summary>
internal static class ProcessFields
{
    public static void Check(Oci.Process process)
    {
        if (process.Args is not { Count: > 0 } || string.IsNullOrEmpty(process.Args[0]))
            throw FieldError.At("process.args", "must name the command to run");
        for (var i = 0; i < process.Args.Count; i++)
            if (process.Args[i] is null) throw FieldError.At($"process.args[{i}]", "null");
        // The model's readers leave an absent object null rather than defaulted (SpecReader, exec's process.json).
        if (process.Cwd is null) throw FieldError.At("process.cwd", "missing");
        if (process.User is null) throw FieldError.At("process.user", "missing (the uid and gid the process runs as)");
        if (!process.Cwd.StartsWith('/'))
            throw FieldError.At("process.cwd", $"\"{process.Cwd}\" is not an absolute path");
        var env = process.Env ?? [];
        for (var i = 0; i < env.Count; i++)
            if (env[i] is null || !env[i].Contains('=', StringComparison.Ordinal))
                throw FieldError.At($"process.env[{i}]", $"\"{env[i]}\" is not NAME=VALUE");
        CheckUser(process.User);
        if (process.OomScoreAdj is { } adj && adj is < -1000 or > 1000)
            throw FieldError.At("process.oomScoreAdj", $"{adj} is outside -1000..1000");
        CheckRlimits(process.Rlimits ?? []);
        // We apply neither; running the container without them would hand it less confinement than asked.
        if (!string.IsNullOrEmpty(process.ApparmorProfile))
            throw FieldError.At("process.apparmorProfile", $"\"{process.ApparmorProfile}\": AppArmor profiles are not supported by this runtime");
        if (!string.IsNullOrEmpty(process.SelinuxLabel))
            throw FieldError.At("process.selinuxLabel", $"\"{process.SelinuxLabel}\": SELinux labels are not supported by this runtime");
    }

    private static void CheckUser(Oci.User user)
    {
        // (uid_t)-1 means "unchanged" to setresuid/setresgid: the process would keep running as root.
        if (user.Uid == uint.MaxValue) throw FieldError.At("process.user.uid", "4294967295 is not a valid uid");
        if (user.Gid == uint.MaxValue) throw FieldError.At("process.user.gid", "4294967295 is not a valid gid");
        if (user.Umask is > 0x1ff) throw FieldError.At("process.user.umask", $"{user.Umask} (0{Convert.ToString(user.Umask.Value, 8)}) is more than 0777");
        var gids = user.AdditionalGids ?? [];
        for (var i = 0; i < gids.Count; i++)
            if (gids[i] == uint.MaxValue) throw FieldError.At($"process.user.additionalGids[{i}]", "4294967295 is not a valid gid");
    }

    private static void CheckRlimits(IReadOnlyList<Oci.Rlimit> limits)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < limits.Count; i++)
        {
            var limit = limits[i];
            if (Resource.FromName(limit.Type) < 0)
                throw FieldError.At($"process.rlimits[{i}].type", $"unknown rlimit \"{limit.Type}\"");
            if (!seen.Add(limit.Type))
                throw FieldError.At($"process.rlimits[{i}].type", $"\"{limit.Type}\" is given twice");
            if (limit.Soft > limit.Hard)
                throw FieldError.At($"process.rlimits[{i}]", $"soft limit {limit.Soft} is above the hard limit {limit.Hard}");
        }
    }
}
