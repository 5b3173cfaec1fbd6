namespace Pid1.Supervision;

/// <summary>
/// The order services stop in at shutdown: <c>after</c> in reverse. A service's level is 0 without
/// <c>after</c>, else one more than the deepest service it waits for; the deepest level stops first, and
/// each level stops at once (its services' stop timers run side by side), so the whole stop takes about
/// the longest stopTimeout of each level, not the sum of all. Names in <c>after</c> that are no service
/// count for nothing; a cycle (the builder refuses them) is cut at the number of services.
/// </summary>
internal static class StopLevels
{
    public static List<List<Service>> Of(IReadOnlyList<Service> services)
    {
        var byName = new Dictionary<string, Service>(StringComparer.Ordinal);
        foreach (var s in services) byName.TryAdd(s.Name, s);
        var levels = new Dictionary<Service, int>();
        int LevelOf(Service s, int depth)
        {
            if (levels.TryGetValue(s, out var known)) return known;
            var level = 0;
            if (depth < services.Count)
                foreach (var name in s.Policy.After)
                    if (byName.TryGetValue(name, out var before) && before != s) level = Math.Max(level, LevelOf(before, depth + 1) + 1);
            return levels[s] = level;
        }
        foreach (var s in services) LevelOf(s, 0);
        return [.. services.GroupBy(s => levels[s]).OrderByDescending(g => g.Key).Select(g => g.ToList())];
    }
}
