namespace Builder.Yaml;

/// <summary>The message for a key the schema does not have.</summary>
internal static class UnknownKey
{
    /// <summary>A near miss (a typo, a case slip) names the key meant; otherwise every known key is listed.</summary>
    public static string Message(string key, IEnumerable<string> known)
    {
        var near = known.Select(k => (Key: k, Distance: EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(1, k.Key.Length / 4)).OrderBy(k => k.Distance).FirstOrDefault();
        return near.Key is { } meant
            ? $"unknown key (did you mean \"{meant}\"?)"
            : $"unknown key (known keys: {string.Join(", ", known)})";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
