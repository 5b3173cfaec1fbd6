namespace Builder.Packages;

/// <summary>One alternative of a Depends/Conflicts field: <c>name</c>, <c>name (&gt;= 1.2)</c>, <c>name:any</c>.</summary>
internal sealed record Relation(string Name, string? Op, string? Version)
{
    public override string ToString() => Op is null ? Name : $"{Name} ({Op} {Version})";

    /// <summary>A field as and-ed groups of or-ed alternatives: <c>a (&gt;= 1) | b, c</c>.</summary>
    public static List<List<Relation>> ParseField(string? field)
    {
        var groups = new List<List<Relation>>();
        if (string.IsNullOrWhiteSpace(field)) return groups;
        foreach (var group in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            groups.Add(group.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList());
        return groups;
    }

    public static Relation Parse(string text)
    {
        // Architecture restrictions ("[amd64]") and build profiles ("<!nocheck>") do not occur in binary
        // packages' fields; an arch qualifier (":any", ":amd64") names the same package for us.
        var open = text.IndexOf('(');
        var name = (open < 0 ? text : text[..open]).Trim();
        var qualifier = name.IndexOf(':');
        if (qualifier >= 0) name = name[..qualifier];
        if (open < 0) return new Relation(name, null, null);
        var inner = text[(open + 1)..text.IndexOf(')', open)].Trim();
        var opLength = inner.TakeWhile(c => c is '<' or '>' or '=').Count();
        return new Relation(name, inner[..opLength], inner[opLength..].Trim());
    }
}
