namespace Builder.Packages;

/// <summary>
/// Debian's version order (deb-version(7)): epoch, then upstream version and revision compared as
/// alternating runs of non-digits (letters before non-letters, <c>~</c> before everything, even the end)
/// and numbers. Needed to check versioned Depends and Conflicts the way dpkg does.
/// </summary>
internal static class DebianVersion
{
    public static int Compare(string a, string b)
    {
        var (epochA, upstreamA, revisionA) = Split(a);
        var (epochB, upstreamB, revisionB) = Split(b);
        var c = epochA.CompareTo(epochB);
        if (c != 0) return c;
        c = ComparePart(upstreamA, upstreamB);
        return c != 0 ? c : ComparePart(revisionA, revisionB);
    }

    /// <summary>Whether <paramref name="version"/> satisfies <c>OP wanted</c> (<c>&lt;&lt; &lt;= = &gt;= &gt;&gt;</c>).</summary>
    public static bool Satisfies(string version, string op, string wanted)
    {
        var c = Compare(version, wanted);
        return op switch
        {
            "<<" => c < 0,
            "<=" or "<" => c <= 0,
            "=" => c == 0,
            ">=" or ">" => c >= 0,
            ">>" => c > 0,
            _ => throw new BuildFailure($"unknown version relation \"{op}\""),
        };
    }

    private static (long Epoch, string Upstream, string Revision) Split(string v)
    {
        long epoch = 0;
        var colon = v.IndexOf(':');
        if (colon > 0 && long.TryParse(v.AsSpan(0, colon), out var e))
        {
            epoch = e;
            v = v[(colon + 1)..];
        }
        var dash = v.LastIndexOf('-');
        return dash < 0 ? (epoch, v, "") : (epoch, v[..dash], v[(dash + 1)..]);
    }

    private static int ComparePart(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            // The non-digit run, character by character with dpkg's weights.
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var wa = Weight(a, i);
                var wb = Weight(b, j);
                if (wa != wb) return wa.CompareTo(wb);
                i++;
                j++;
            }
            while (i < a.Length && a[i] == '0') i++;
            while (j < b.Length && b[j] == '0') j++;
            var first = 0;
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (first == 0) first = a[i].CompareTo(b[j]);
                i++;
                j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i])) return 1;
            if (j < b.Length && char.IsAsciiDigit(b[j])) return -1;
            if (first != 0) return first;
        }
        return 0;
    }

    /// <summary>dpkg's order of one character of a non-digit run: ~ lowest, then the end or a digit, letters, the rest.</summary>
    private static int Weight(string s, int i)
    {
        if (i >= s.Length || char.IsAsciiDigit(s[i])) return 0;
        var ch = s[i];
        if (ch == '~') return -1;
        return char.IsAsciiLetter(ch) ? ch : ch + 256;
    }
}
