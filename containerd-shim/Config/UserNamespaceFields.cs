using static Linux.Native.Sched;

namespace Shim.Config;

/// <summary>
/// The user namespace and linux.uidMappings/gidMappings, checked before anything is created, as runc
/// does: mappings need a user namespace, a new one needs both maps,
/// each with the container's root (stage 2 builds the container as root of the namespace), ranges that
/// neither overlap nor wrap (the kernel refuses both, with a bare EINVAL), and process.user inside them.
/// </summary>
internal static class UserNamespaceFields
{
    /// <summary>The kernel's limit of lines in one uid_map or gid_map (since Linux 4.15).</summary>
    private const int MaxRanges = 340;

    public static void Check(Oci.Spec spec, NamespaceSet namespaces)
    {
        var linux = spec.Linux;
        var (uids, gids) = (linux?.UidMappings ?? [], linux?.GidMappings ?? []);
        var mapsField = uids.Count > 0 ? "linux.uidMappings" : "linux.gidMappings";
        if (!namespaces.Has(CLONE_NEWUSER))
        {
            if (uids.Count > 0 || gids.Count > 0)
                throw FieldError.At(mapsField, "needs a user namespace (linux.namespaces has no \"user\")");
            return;
        }
        // A joined namespace keeps its own maps; maps given with it must be those (Stage1/JoinedUserMaps).
        if (namespaces.UserPath is not null)
        {
            CheckMountNamespace(namespaces);
            return;
        }
        var all = linux?.Namespaces ?? [];
        var joined = all.FindIndex(n => !string.IsNullOrEmpty(n?.Path));
        if (joined >= 0)
            throw FieldError.At($"linux.namespaces[{joined}].path", $"a {all[joined].Type} namespace joined by path cannot go with a new user namespace, which would not own it; join the user namespace too, or make this one new");
        CheckMap("linux.uidMappings", "uid", uids);
        CheckMap("linux.gidMappings", "gid", gids);
        var user = spec.Process?.User ?? new Oci.User();
        if (!Maps(uids, user.Uid)) throw FieldError.At("process.user.uid", $"{user.Uid} is not mapped by linux.uidMappings");
        if (!Maps(gids, user.Gid)) throw FieldError.At("process.user.gid", $"{user.Gid} is not mapped by linux.gidMappings");
        var extra = user.AdditionalGids ?? [];
        for (var i = 0; i < extra.Count; i++)
            if (!Maps(gids, extra[i])) throw FieldError.At($"process.user.additionalGids[{i}]", $"{extra[i]} is not mapped by linux.gidMappings");
        CheckMountNamespace(namespaces);
    }

    private static void CheckMountNamespace(NamespaceSet namespaces)
    {
        if (!namespaces.Has(CLONE_NEWNS))
            throw FieldError.At("linux.namespaces", "a user namespace needs a mount namespace too (add {\"type\": \"mount\"}): its root may not mount in the runtime's");
    }

    private static void CheckMap(string field, string kind, IReadOnlyList<Oci.IdMapping> ranges)
    {
        if (ranges.Count == 0) throw FieldError.At(field, $"missing: a new user namespace needs a {kind} map");
        if (ranges.Count > MaxRanges) throw FieldError.At(field, $"{ranges.Count} ranges; the kernel takes at most {MaxRanges}");
        for (var i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i] ?? throw FieldError.At($"{field}[{i}]", "null");
            if (r.Size == 0) throw FieldError.At($"{field}[{i}].size", "must be at least 1");
            if ((ulong)r.ContainerId + r.Size > uint.MaxValue || (ulong)r.HostId + r.Size > uint.MaxValue)
                throw FieldError.At($"{field}[{i}]", $"ends beyond {kind} {uint.MaxValue - 1}");
            for (var j = 0; j < i; j++)
            {
                if (Overlap(r.ContainerId, ranges[j].ContainerId, r.Size, ranges[j].Size))
                    throw FieldError.At($"{field}[{i}]", $"container {kind}s {Span(r.ContainerId, r.Size)} overlap {field}[{j}] ({Span(ranges[j].ContainerId, ranges[j].Size)})");
                if (Overlap(r.HostId, ranges[j].HostId, r.Size, ranges[j].Size))
                    throw FieldError.At($"{field}[{i}]", $"host {kind}s {Span(r.HostId, r.Size)} overlap {field}[{j}] ({Span(ranges[j].HostId, ranges[j].Size)})");
            }
        }
        if (!Maps(ranges, 0))
            throw FieldError.At(field, $"container {kind} 0 is not mapped: the container is built as root of its user namespace");
    }

    private static bool Maps(IReadOnlyList<Oci.IdMapping> ranges, uint id) =>
        ranges.Any(r => id >= r.ContainerId && (ulong)id < (ulong)r.ContainerId + r.Size);

    private static bool Overlap(uint a, uint b, uint sizeA, uint sizeB) => (ulong)a < (ulong)b + sizeB && (ulong)b < (ulong)a + sizeA;

    private static string Span(uint start, uint size) => $"{start}..{(ulong)start + size - 1}";
}
