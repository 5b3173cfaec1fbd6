namespace Pid1.Boot;

/// <summary>
/// fnmatch(3) without flags, as modprobe applies modules.alias patterns to a device's modalias:
/// <c>*</c> any run, <c>?</c> one character, <c>[abc]</c> / <c>[a-z]</c> / <c>[!x]</c> a class, <c>\x</c> a literal.
/// Backtracking only on the last <c>*</c>, which is linear enough for alias patterns.
/// </summary>
internal static class GlobPattern
{
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { starP = p++; starT = t; continue; }
            if (p < pattern.Length && MatchOne(pattern, ref p, text[t])) { t++; continue; }
            if (starP < 0) return false;
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>Matches one pattern element at <paramref name="p"/> against <paramref name="c"/>, advancing p on success.</summary>
    private static bool MatchOne(string pattern, ref int p, char c)
    {
        switch (pattern[p])
        {
            case '?':
                p++;
                return true;
            case '[':
                var end = ClassEnd(pattern, p);
                if (end < 0) goto default; // an unclosed '[' is a literal
                var hit = ClassMatches(pattern, p + 1, end, c);
                if (hit) p = end + 1;
                return hit;
            case '\\' when p + 1 < pattern.Length:
                if (pattern[p + 1] != c) return false;
                p += 2;
                return true;
            default:
                if (pattern[p] != c) return false;
                p++;
                return true;
        }
    }

    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++; // a leading ']' is a member
        while (i < pattern.Length && pattern[i] != ']') i++;
        return i < pattern.Length ? i : -1;
    }

    private static bool ClassMatches(string pattern, int from, int end, char c)
    {
        var negate = pattern[from] is '!' or '^';
        if (negate) from++;
        var found = false;
        for (var i = from; i < end; i++)
        {
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                if (c >= pattern[i] && c <= pattern[i + 2]) found = true;
                i += 2;
            }
            else if (pattern[i] == c) found = true;
        }
        return found != negate;
    }
}
