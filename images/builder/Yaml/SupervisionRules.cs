namespace Builder.Yaml;

/// <summary>
/// Whole-image checks of the supervision keys: each key belongs to the kind of container that uses it,
/// <c>after</c> names existing services or onboot containers (a service after an onboot container starts only
/// if that one succeeded: a service on a mounted disk is never started on the empty mount point), and the
/// <c>after</c> graph has no cycle (init would wait forever).
/// </summary>
internal static class SupervisionRules
{
    public static void Check(ImageDefinition d)
    {
        foreach (var c in d.Onboot.Concat(d.Onshutdown)) RejectServiceKeys(c);
        foreach (var c in d.Services) RejectOnbootKeys(c);
        var services = d.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var onboot = d.Onboot.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var s in d.Services)
            foreach (var (name, at) in s.After ?? [])
            {
                if (name == s.Name) throw at.Fail($"service \"{s.Name}\" cannot start after itself");
                if (!services.ContainsKey(name) && !onboot.Contains(name))
                    throw at.Fail($"unknown service or onboot container \"{name}\" (services: {string.Join(", ", services.Keys)}; onboot: {string.Join(", ", onboot)})");
            }
        FindCycle(d.Services, services);
    }

    private static void RejectServiceKeys(ContainerDefinition c)
    {
        var at = c.RestartAt ?? c.AfterAt ?? c.ReadinessAt;
        if (at is not null) throw at.Fail("only services are restarted, ordered or wait for readiness; onboot and onshutdown containers run once, in order");
    }

    private static void RejectOnbootKeys(ContainerDefinition c)
    {
        var at = c.TimeoutAt ?? c.OnFailureAt;
        if (at is not null) throw at.Fail("timeout and onFailure apply to onboot and onshutdown containers; services use restart and stopTimeout");
    }

    /// <summary>Depth-first search; a service met again while still on the path closes a cycle.</summary>
    private static void FindCycle(List<ContainerDefinition> all, Dictionary<string, ContainerDefinition> byName)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var s in all) Visit(s, byName, done, path);
    }

    private static void Visit(ContainerDefinition s, Dictionary<string, ContainerDefinition> byName, HashSet<string> done, List<string> path)
    {
        if (done.Contains(s.Name)) return;
        var on = path.IndexOf(s.Name);
        if (on >= 0)
        {
            var cycle = string.Join(" -> ", path.Skip(on).Append(s.Name));
            throw s.AfterAt!.Fail($"\"after\" forms a cycle: {cycle}");
        }
        path.Add(s.Name);
        foreach (var (name, _) in s.After ?? [])
            if (byName.TryGetValue(name, out var before)) Visit(before, byName, done, path);
        path.RemoveAt(path.Count - 1);
        done.Add(s.Name);
    }
}
