namespace Builder.Packages;

/// <summary>
/// The packages a recipe's <c>debian:</c> list needs: the list plus the closure of Pre-Depends and Depends,
/// minus <c>exclude:</c>. Each or-group is satisfied by an alternative already chosen if there is one,
/// else by its first satisfiable alternative; a virtual package by the provider already chosen, else the
/// one of highest Priority (then name). Versions are apt's candidates; a versioned dependency the
/// candidate does not meet, a missing package and a Conflicts/Breaks inside the result are errors that
/// name the chain of packages that led there.
/// </summary>
internal sealed class ClosureResolver(PackageIndex index, IReadOnlyCollection<string> excluded)
{
    private static readonly string[] PriorityOrder = ["required", "important", "standard", "optional", "extra"];

    private readonly Dictionary<string, DebianPackage> _chosen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _why = new(StringComparer.Ordinal);

    /// <summary>Resolves the requested names in order; <paramref name="fail"/> turns a message about request i into the error to throw.</summary>
    public List<DebianPackage> Resolve(IReadOnlyList<string> requested, Func<int, string, BuildFailure> fail)
    {
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i];
            if (excluded.Contains(name)) throw fail(i, $"package \"{name}\" is both requested and excluded");
            var package = index.Find(name);
            if (package is null)
            {
                var providers = index.ProvidersOf(name);
                throw fail(i, providers.Count == 0
                    ? $"package \"{name}\" does not exist (not in apt's lists: check the name, or run apt-get update)"
                    : $"package \"{name}\" is virtual: name one of {string.Join(", ", providers.Select(p => p.Name))}");
            }
            var pending = new Queue<DebianPackage>();
            Choose(package, name, pending);
            try
            {
                while (pending.TryDequeue(out var next)) Expand(next, pending);
            }
            catch (BuildFailure e)
            {
                throw fail(i, e.Message);
            }
        }
        CheckConflicts(requested, fail);
        return _chosen.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private void Choose(DebianPackage package, string why, Queue<DebianPackage> pending)
    {
        if (_chosen.ContainsKey(package.Name)) return;
        _chosen[package.Name] = package;
        _why[package.Name] = why;
        pending.Enqueue(package);
    }

    private void Expand(DebianPackage package, Queue<DebianPackage> pending)
    {
        foreach (var group in package.Depends)
        {
            if (group.Any(r => excluded.Contains(r.Name) || ChosenSatisfies(r) is not null)) continue;
            var pick = group.Select(Candidate).FirstOrDefault(p => p is not null);
            if (pick is null)
                throw new BuildFailure($"{Chain(package.Name)}: depends on \"{string.Join(" | ", group)}\", which cannot be satisfied: {Explain(group)}");
            Choose(pick, $"{_why[package.Name]} -> {pick.Name}", pending);
        }
    }

    /// <summary>The chosen package that meets the relation (by name or, unversioned, through Provides).</summary>
    private DebianPackage? ChosenSatisfies(Relation r)
    {
        if (_chosen.TryGetValue(r.Name, out var p) && Meets(p, r)) return p;
        return _chosen.Values.FirstOrDefault(c => c.Provides.Any(v => ProvideMeets(v, r)));
    }

    private DebianPackage? Candidate(Relation r)
    {
        if (index.Find(r.Name) is { } real && Meets(real, r)) return real;
        return index.ProvidersOf(r.Name)
            .Where(p => !excluded.Contains(p.Name) && p.Provides.Any(v => ProvideMeets(v, r)))
            .OrderBy(p => Array.IndexOf(PriorityOrder, p.Priority) is var rank and >= 0 ? rank : PriorityOrder.Length)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Meets(DebianPackage p, Relation r) => r.Op is null || DebianVersion.Satisfies(p.Version, r.Op, r.Version!);

    /// <summary>An unversioned Provides satisfies only unversioned relations (Debian policy 7.5).</summary>
    private static bool ProvideMeets(Relation provided, Relation wanted) =>
        provided.Name == wanted.Name
        && (wanted.Op is null || (provided.Version is not null && DebianVersion.Satisfies(provided.Version, wanted.Op, wanted.Version!)));

    private string Explain(List<Relation> group) => string.Join("; ", group.Select(r => index.Find(r.Name) switch
    {
        null when index.ProvidersOf(r.Name).Count == 0 => $"package \"{r.Name}\" does not exist",
        null => $"no provider of \"{r.Name}\" fits",
        var p => $"{r.Name}'s candidate is {p.Version}",
    }));

    private void CheckConflicts(IReadOnlyList<string> requested, Func<int, string, BuildFailure> fail)
    {
        foreach (var p in _chosen.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            foreach (var c in p.Conflicts)
            {
                var other = _chosen.Values.FirstOrDefault(o => o.Name != p.Name
                    && ((o.Name == c.Name && Meets(o, c)) || (c.Op is null && o.Provides.Any(v => v.Name == c.Name))));
                if (other is null) continue;
                var root = _why[p.Name].Split(" -> ")[0];
                throw fail(Math.Max(0, requested.ToList().IndexOf(root)),
                    $"{Chain(p.Name)} conflicts with \"{c}\": {Origin(other.Name)}");
            }
    }

    private string Origin(string name) =>
        _why[name] == name ? $"{name} is requested" : $"{name} comes in through {_why[name]}";

    private string Chain(string name) => _why.TryGetValue(name, out var why) ? why : name;
}
